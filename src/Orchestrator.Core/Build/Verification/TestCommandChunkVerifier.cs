using System.Globalization;
using Orchestrator.Core.Agents;
using Orchestrator.Core.Agents.Answers;
using Orchestrator.Core.Build.Workspaces;
using Orchestrator.Core.Common;
using Orchestrator.Core.Planning;
using Orchestrator.Core.Processes;

namespace Orchestrator.Core.Build.Verification;

/// <summary>
/// The server runs the repository's test command (<c>commands.test</c>, through <c>sh -c</c>) itself: after each
/// chunk in the chunk's workspace, and once over the session tree at the end. testsPassed is its exit code, never the
/// agent's claim. Output goes to <c>logs/&lt;chunk&gt;-tests.log</c> (and <c>logs/run-tests.log</c>).
/// </summary>
public sealed class TestCommandChunkVerifier(IProcessRunner processRunner, string testCommand, string runDirectory, TimeSpan timeout) : IChunkVerifier
{
    /// <summary>The default limit of one test run.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(20);

    /// <inheritdoc />
    public async Task<ChunkVerification> VerifyAsync(PlannedChunk chunk, ChunkWorkspace workspace, ExecutorOutput executorOutput, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        ArgumentNullException.ThrowIfNull(workspace);
        return await RunAsync(workspace.WorkingDirectory, $"{chunk.Id}-tests.log", cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<ChunkVerification?> VerifyRunAsync(string sessionTree, CancellationToken cancellationToken) =>
        await RunAsync(sessionTree, "run-tests.log", cancellationToken).ConfigureAwait(false);

    private async Task<ChunkVerification> RunAsync(string directory, string logName, CancellationToken cancellationToken)
    {
        var spec = new ProcessSpec("sh", ["-c", testCommand], directory)
        {
            Environment = AgentProcessEnvironment.Build(null),
            InheritEnvironment = false,
            Timeout = timeout,
            LogPath = RealPaths.Confined(Path.Combine(runDirectory, "logs"), Path.Combine(runDirectory, "logs", logName)),
        };
        var result = await processRunner.RunAsync(spec, cancellationToken).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        return result.Kind switch
        {
            ProcessExitKind.Exited => new ChunkVerification(result.ExitCode == 0,
                string.Create(CultureInfo.InvariantCulture, $"server ran `{testCommand}` in {directory}: exit code {result.ExitCode}")),
            ProcessExitKind.TimedOut => new ChunkVerification(false, $"server ran `{testCommand}`: {result.FailureMessage}"),
            _ => new ChunkVerification(null, $"server could not run `{testCommand}`: {result.FailureMessage}"),
        };
    }
}
