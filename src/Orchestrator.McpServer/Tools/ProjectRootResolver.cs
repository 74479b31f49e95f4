using Microsoft.Extensions.Logging;
using ModelContextProtocol.Protocol;
using Orchestrator.Core.Common;
using Orchestrator.McpServer.Hosting;

namespace Orchestrator.McpServer.Tools;

/// <summary>
/// Which repository a tool call is about: the explicit <c>project_root</c> argument, else the client's first
/// <c>file://</c> MCP root, else <c>--project</c>, else the server's working directory.
/// </summary>
internal sealed partial class ProjectRootResolver(ServerSettings settings, ILogger<ProjectRootResolver> logger)
{
    private static readonly TimeSpan RootsTimeout = TimeSpan.FromSeconds(5);

    // Linux's PATH_MAX: no longer path names a directory.
    private const int MaxPathLength = 4_096;

    public async Task<string> ResolveAsync(string? projectRoot, McpServerInstance? server, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(projectRoot))
        {
            if (projectRoot.Length > MaxPathLength || projectRoot.Any(char.IsControl))
            {
                throw new ToolRefusedException($"project_root {InputEcho.Quote(projectRoot, 120)} is not a usable path " +
                    $"({(projectRoot.Length > MaxPathLength ? $"over {MaxPathLength} characters" : "it holds control characters")}). Pass the absolute path of your git repository.");
            }

            return Path.GetFullPath(ExpandHome(projectRoot));
        }

        if (server is not null && await FirstFileRootAsync(server, cancellationToken).ConfigureAwait(false) is { } root)
        {
            return root;
        }

        return settings.ProjectDirectory ?? Directory.GetCurrentDirectory();
    }

    private async Task<string?> FirstFileRootAsync(McpServerInstance server, CancellationToken cancellationToken)
    {
        // Roots are deprecated from protocol 2026-07-28 on, but the clients in use today (2025-11-25) still send them.
#pragma warning disable MCP9005
        if (server.ClientCapabilities?.Roots is null)
        {
            return null;
        }
#pragma warning restore MCP9005

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(RootsTimeout);
        try
        {
#pragma warning disable MCP9005
            var result = await server.RequestRootsAsync(new ListRootsRequestParams(), timeout.Token).ConfigureAwait(false);
#pragma warning restore MCP9005
            foreach (var root in result.Roots)
            {
                if (Uri.TryCreate(root.Uri, UriKind.Absolute, out var uri) && uri.IsFile)
                {
                    return Path.GetFullPath(uri.LocalPath);
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            LogRootsTimedOut(RootsTimeout.TotalSeconds);
        }
        catch (Exception ex) when (ex is ModelContextProtocol.McpException or InvalidOperationException)
        {
            LogRootsFailed(ex.Message);
        }

        return null;
    }

    private static string ExpandHome(string path) =>
        path == "~" || path.StartsWith("~/", StringComparison.Ordinal)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), path.TrimStart('~').TrimStart('/'))
            : path;

    [LoggerMessage(Level = LogLevel.Warning, Message = "The client did not answer roots/list within {Seconds} s; using --project or the working directory")]
    private partial void LogRootsTimedOut(double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "roots/list failed ({Reason}); using --project or the working directory")]
    private partial void LogRootsFailed(string reason);
}
