using System.Text.RegularExpressions;
using Orchestrator.McpServer.Tests.Harness;
using Orchestrator.Testing;

namespace Orchestrator.McpServer.Tests.Hardening;

/// <summary>
/// Issue 17, point 9: "a malformed phase in STATE.md is read as started without a word". Through the tools, a session
/// whose STATE.md holds an unknown phase is refused naming the file and the value, for reading and for changing it,
/// and the file is left as it was (the parser itself: Core's Sessions/StatePhaseParsingTests).
/// </summary>
public sealed partial class MalformedPhaseTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_session_whose_state_file_has_an_unknown_phase_is_refused_by_name_and_not_read_as_started()
    {
        using var repo = TempGitRepository.Create();
        await using var server = await InMemoryMcpServer.StartAsync("2025-11-25", cancellationToken: Ct);
        var client = server.Client;
        var sessionId = await PhaseFlow.StartSessionAsync(client, repo.Root, Ct);
        await client.CallOkAsync("spec", new() { ["session_id"] = sessionId, ["findings"] = "Code goes in src/.", ["project_root"] = repo.Root }, Ct);
        var stateFile = Path.Combine(repo.Root, ".orchestrator", "sessions", sessionId, "STATE.md");
        var damaged = PhaseLine().Replace(File.ReadAllText(stateFile), "phase: banana", 1);
        File.WriteAllText(stateFile, damaged);

        var status = await client.CallErrorAsync("session_status", new() { ["session_id"] = sessionId, ["project_root"] = repo.Root }, Ct);
        var plan = await client.CallErrorAsync("plan", new() { ["session_id"] = sessionId, ["plan"] = "# Plan\nAdd the files.", ["project_root"] = repo.Root }, Ct);

        Assert.Contains("phase: banana", damaged, StringComparison.Ordinal);
        foreach (var refusal in new[] { status, plan })
        {
            Assert.Contains(stateFile, refusal, StringComparison.Ordinal);
            Assert.Contains("phase \"banana\" is not one of started, spec, plan, divide, build, review, closed", refusal, StringComparison.Ordinal);
        }

        Assert.Equal(damaged, File.ReadAllText(stateFile));
    }

    [GeneratedRegex(@"(?m)^phase: .*$")]
    private static partial Regex PhaseLine();
}
