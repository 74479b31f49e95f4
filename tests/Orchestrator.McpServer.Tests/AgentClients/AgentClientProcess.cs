using Orchestrator.Testing.FakeModelApis;
using Orchestrator.Testing;

namespace Orchestrator.McpServer.Tests.AgentClients;

/// <summary>
/// A real agent CLI (claude, codex) run as the MCP client of the built server: argument list, stdin closed at once,
/// output captured, the whole tree (the CLI and the server it started) killed on timeout.
/// </summary>
internal static class AgentClientProcess
{
    public const string EnvironmentVariable = "ORCHESTRATOR_AGENT_CLIS";

    /// <summary>The installed CLI (<c>.ci/install-agent-clis.sh</c>); missing fails the test rather than skipping it.</summary>
    public static string Binary(string name)
    {
        var root = Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } configured
            ? configured
            : Path.Combine(Harness.ServerExecutable.RepositoryRoot, ".tools", "agent-clis");
        var path = Path.Combine(root, "node_modules", ".bin", name);
        Assert.True(File.Exists(path), $"{path} not found. Run .ci/install-agent-clis.sh from the repository root (or set {EnvironmentVariable}).");
        return path;
    }

    /// <summary>The command and arguments that start the built server on stdio for <paramref name="repository"/>.</summary>
    public static (string Command, IReadOnlyList<string> Arguments) Server(string repository, string gates) =>
        ("dotnet", [Harness.ServerExecutable.DllPath, "--project", repository, "--gates", gates, "--log-level", "warning", "--log-dir", Path.Combine(Path.GetTempPath(), "orch-test-logs")]);

    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(
        string fileName, IEnumerable<string> arguments, string workingDirectory, FakeAgentEnvironment environment, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var result = await CliProcess.RunAsync(fileName, arguments, workingDirectory, environment, timeout, cancellationToken);
        return (result.ExitCode, result.StandardOutput, result.StandardError);
    }
}
