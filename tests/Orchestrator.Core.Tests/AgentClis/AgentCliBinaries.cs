namespace Orchestrator.Core.Tests.AgentClis;

/// <summary>
/// Paths of the real agent CLIs installed by <c>.ci/install-agent-clis.sh</c>. Missing binaries fail the test
/// rather than skip it: a silently skipped end-to-end test would hide that CI never ran the real CLIs.
/// </summary>
internal sealed record AgentCliBinaries(string Claude, string Codex)
{
    public const string EnvironmentVariable = "ORCHESTRATOR_AGENT_CLIS";

    public static AgentCliBinaries Locate()
    {
        var root = Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } configured
            ? configured
            : Path.Combine(RepositoryRoot(), ".tools", "agent-clis");
        var bin = Path.Combine(root, "node_modules", ".bin");
        var binaries = new AgentCliBinaries(Path.Combine(bin, "claude"), Path.Combine(bin, "codex"));
        var missing = new[] { binaries.Claude, binaries.Codex }.Where(path => !File.Exists(path)).ToList();
        if (missing.Count > 0)
        {
            Assert.Fail(
                $"Agent CLI binaries not found: {string.Join(", ", missing)}. Run .ci/install-agent-clis.sh from the repository root " +
                $"(or set {EnvironmentVariable} to the folder containing node_modules/.bin).");
        }

        return binaries;
    }

    public static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Orchestrator.McpServer.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Orchestrator.McpServer.sln above {AppContext.BaseDirectory}.");
    }
}
