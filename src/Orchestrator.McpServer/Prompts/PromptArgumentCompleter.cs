using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Orchestrator.Core.Agents;
using Orchestrator.Core.Build.Runs;
using Orchestrator.Core.Sessions;
using Orchestrator.McpServer.Tools;

namespace Orchestrator.McpServer.Prompts;

/// <summary>
/// completion/complete for prompt and resource-template arguments: the repository's session ids (newest first),
/// its run ids, and the fixed values of <c>runner</c> and <c>gate</c>.
/// </summary>
internal sealed class PromptArgumentCompleter(SessionService sessions, ProjectRootResolver roots)
{
    // The MCP specification caps a completion answer at 100 values.
    private const int MaxValues = 100;

    private static readonly string[] Gates = ["plan", "build", "concerns"];

    public static ValueTask<CompleteResult> HandleAsync(RequestContext<CompleteRequestParams> context, CancellationToken cancellationToken)
    {
        var completer = context.Services?.GetService(typeof(PromptArgumentCompleter)) as PromptArgumentCompleter
            ?? throw new InvalidOperationException("PromptArgumentCompleter is not registered; AddOrchestratorMcpServer registers it.");
        return completer.CompleteAsync(context.Server, context.Params!, cancellationToken);
    }

    public async ValueTask<CompleteResult> CompleteAsync(McpServerInstance server, CompleteRequestParams request, CancellationToken cancellationToken)
    {
        var prefix = request.Argument.Value ?? "";
        IEnumerable<string> candidates = request.Argument.Name switch
        {
            "session_id" => await SessionIdsAsync(server, cancellationToken).ConfigureAwait(false),
            "run_id" => await RunIdsAsync(server, cancellationToken).ConfigureAwait(false),
            "runner" => RunnerKinds.Names,
            "gate" => Gates,
            _ => [],
        };
        var matches = candidates.Where(c => c.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)).ToList();
        return new CompleteResult
        {
            Completion = new Completion { Values = matches.Take(MaxValues).ToList(), Total = matches.Count, HasMore = matches.Count > MaxValues },
        };
    }

    private async Task<IEnumerable<string>> SessionIdsAsync(McpServerInstance server, CancellationToken cancellationToken)
    {
        var project = await LocateAsync(server, cancellationToken).ConfigureAwait(false);
        if (project is null)
        {
            return [];
        }

        var listed = await new SessionStore(project.SessionsDirectory).ListAsync(cancellationToken).ConfigureAwait(false);
        return listed.Where(s => s.Succeeded).Select(s => s.Value!.Session);
    }

    private async Task<IEnumerable<string>> RunIdsAsync(McpServerInstance server, CancellationToken cancellationToken)
    {
        var project = await LocateAsync(server, cancellationToken).ConfigureAwait(false);
        var runs = project is null ? null : new DirectoryInfo(RunIds.RunsDirectory(project));
        return runs is { Exists: true }
            ? runs.EnumerateDirectories().OrderByDescending(d => d.CreationTimeUtc).Select(d => d.Name).Where(RunIds.IsWellFormed)
            : [];
    }

    private async Task<ProjectContext?> LocateAsync(McpServerInstance server, CancellationToken cancellationToken)
    {
        // Completion has no project_root argument: the client's root or the server's --project decides.
        var directory = await roots.ResolveAsync(null, server, cancellationToken).ConfigureAwait(false);
        var located = await sessions.LocateAsync(directory, cancellationToken).ConfigureAwait(false);
        return located.Succeeded ? located.Value : null;
    }
}
