using Microsoft.Extensions.Logging;
using Orchestrator.Core.Options;

namespace Orchestrator.McpServer.Hosting;

/// <summary>
/// What the command line decided: the fallback project, log level and log folder, the gate decider when
/// <c>--gates</c> was given (it wins over config.yaml's <c>gates:</c>), and the cluster membership (<c>--cluster</c>) a
/// build uses when config.yaml names none.
/// </summary>
internal sealed record ServerSettings(string? ProjectDirectory, LogLevel LogLevel, string LogDirectory, GateDecider? Gates = null, string? ClusterMembership = null)
{
    public static string DefaultLogDirectory()
    {
        if (OperatingSystem.IsWindows())
        {
            return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "orchestrator-mcp", "logs");
        }

        var state = Environment.GetEnvironmentVariable("XDG_STATE_HOME");
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return Path.Combine(string.IsNullOrEmpty(state) ? Path.Combine(home, ".local", "state") : state, "orchestrator-mcp", "logs");
    }
}
