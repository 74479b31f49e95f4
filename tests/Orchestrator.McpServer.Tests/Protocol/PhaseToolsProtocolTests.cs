using System.Text.Json;
using Orchestrator.Core.Agents;
using Orchestrator.Core.Agents.Answers;
using Orchestrator.McpServer.Tests.Harness;
using Orchestrator.Testing;

namespace Orchestrator.McpServer.Tests.Protocol;

/// <summary>spec -> plan -> approve -> divide -> approve -> build through the SDK's real client, agents scripted.</summary>
public sealed class PhaseToolsProtocolTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string> ProtocolVersions => ["2025-11-25", "2026-07-28"];

    [Theory]
    [MemberData(nameof(ProtocolVersions))]
    public async Task The_whole_flow_runs_with_scripted_agents_and_reports_progress(string protocolVersion)
    {
        using var repo = TempGitRepository.Create();
        var factory = new ScriptedEnvironmentFactory(PhaseFlow.ScriptedAgents());
        await using var server = await PhaseFlow.StartAsync(protocolVersion, factory, Ct);
        var client = server.Client;
        var root = repo.Root;

        var started = await client.CallOkAsync("session_start", new() { ["description"] = "Add OAuth login", ["project_root"] = root }, Ct);
        var sessionId = started.GetProperty("session_id").GetString()!;
        var spec = await client.CallOkAsync("spec", new() { ["session_id"] = sessionId, ["project_root"] = root }, Ct);
        var plan = await client.CallOkAsync("plan", new() { ["session_id"] = sessionId, ["project_root"] = root }, Ct);
        var approvedPlan = await client.CallOkAsync("approve", new() { ["session_id"] = sessionId, ["gate"] = "plan", ["decision"] = "approve", ["project_root"] = root }, Ct);
        var divided = await client.CallOkAsync("divide", new() { ["session_id"] = sessionId, ["chunks"] = PhaseFlow.TwoChunks(), ["project_root"] = root }, Ct);
        var approvedBuild = await client.CallOkAsync("approve", new() { ["session_id"] = sessionId, ["gate"] = "build", ["decision"] = "approve", ["project_root"] = root }, Ct);
        var start = await client.CallOkAsync("build_start", new() { ["session_id"] = sessionId, ["runner"] = "claude", ["isolation"] = "shared", ["project_root"] = root }, Ct);
        var runId = start.GetProperty("run_id").GetString()!;
        var progress = new ProgressRecorder();
        var final = await PhaseFlow.WaitForEndAsync(client, runId, root, Ct, progress);
        var result = await client.CallOkAsync("build_result", new() { ["run_id"] = runId, ["project_root"] = root }, Ct);
        var status = await client.CallOkAsync("session_status", new() { ["session_id"] = sessionId, ["project_root"] = root }, Ct);

        // spec: the angles chosen from "Add OAuth login" include constraints (auth is correctness-critical).
        var angles = spec.GetProperty("angles").EnumerateArray().Select(a => a.GetProperty("name").GetString()).ToList();
        Assert.Equal(["locate-code", "tests-config-docs", "constraints"], angles);
        Assert.All(spec.GetProperty("angles").EnumerateArray(), a => Assert.True(a.GetProperty("ok").GetBoolean()));
        Assert.Contains("src/Auth/Login.cs:12: entry point", spec.GetProperty("rough_spec").GetString());
        Assert.True(spec.GetProperty("correctness_critical").GetBoolean());
        Assert.Equal(3, factory.Runner.JobsFor(AgentRole.Researcher).Count);
        Assert.Contains(factory.Runner.JobsFor(AgentRole.Researcher), j => j.Tier == Core.Common.ModelTier.Sonnet);
        // plan: opus because the session is correctness-critical; the plan gate opened.
        Assert.Equal("plan", plan.GetProperty("gate").GetString());
        Assert.Equal("opus", plan.GetProperty("planner_model").GetString());
        Assert.Equal(Core.Common.ModelTier.Opus, Assert.Single(factory.Runner.JobsFor(AgentRole.Planner)).Tier);
        Assert.Equal(["Which provider first?"], plan.GetProperty("open_questions").EnumerateArray().Select(q => q.GetString()).ToList());
        Assert.Equal("client", approvedPlan.GetProperty("decided_by").GetString());
        // divide: order from dependsOn, build gate opened.
        Assert.Equal("build", divided.GetProperty("gate").GetString());
        Assert.Equal("[[\"c1\"],[\"c2\"]]", divided.GetProperty("order").GetRawText());
        Assert.Equal("approve", approvedBuild.GetProperty("decision").GetString());
        // build: both chunks done, progress reached 2/2.
        Assert.Equal("completed", final.GetProperty("status").GetString());
        Assert.All(final.GetProperty("chunks").EnumerateArray(), c => Assert.Equal("succeeded", c.GetProperty("state").GetString()));
        Assert.Contains(final.GetProperty("events").EnumerateArray(), e => e.GetProperty("type").GetString() == "run.finished");
        Assert.True(SpinWait.SpinUntil(() => progress.Values.Any(p => p.Total == 2 && p.Progress == 2), TimeSpan.FromSeconds(10)), "no progress notification reached 2/2");
        Assert.Equal(2, result.GetProperty("perChunk").GetArrayLength());
        Assert.All(result.GetProperty("perChunk").EnumerateArray(), p => Assert.True(p.GetProperty("ok").GetBoolean()));
        Assert.Equal(["c1", "c2"], result.GetProperty("clean").EnumerateArray().Select(c => c.GetString()).ToList());
        Assert.Equal("completed", status.GetProperty("runs")[0].GetProperty("status").GetString());
        Assert.Equal("review", status.GetProperty("phase").GetString());
        Assert.Equal("not_opened", status.GetProperty("gates").GetProperty("concerns").GetProperty("status").GetString());
        Assert.True(File.Exists(Path.Combine(root, ".orchestrator", "runs", runId, "setup.json")));
        var stateFile = await File.ReadAllTextAsync(Path.Combine(root, ".orchestrator", "sessions", sessionId, "STATE.md"), Ct);
        Assert.Contains($"## Wave History\n\n- {runId} completed: 2 of 2 chunk(s) done, 0 unresolved blocker(s), 0 concern(s), $0.00\n", stateFile);
        // STATE.md keeps the plan's open questions and the wave counters (waves are the chunk plan's DAG levels).
        Assert.Contains("## Open Questions\n\n- Which provider first?\n", stateFile);
        Assert.Contains("total-waves: 2\n", stateFile);
        Assert.Contains("current-wave: 2\n", stateFile);
        // build_result ends with the hand-off: outcome, branch and commit state, tests, files by chunk, caveats.
        var handoff = result.GetProperty("handoff").GetString()!;
        Assert.StartsWith("- Outcome: 2/2 chunks done, 0 unresolved blocker(s), 0 concern(s), 0 nit(s), $0.00\n- Branch: `wip-", handoff);
        Assert.Contains("nothing committed yet (close commits after the publish gate)", handoff);
        Assert.Contains("- Files by chunk:\n  - c1 (done): ", handoff);
        Assert.Contains("- Caveats: none", handoff);
    }

    [Fact]
    public async Task Every_refusal_names_the_gate_or_the_fix()
    {
        using var repo = TempGitRepository.Create();
        var factory = new ScriptedEnvironmentFactory(PhaseFlow.ScriptedAgents());
        await using var server = await PhaseFlow.StartAsync("2025-11-25", factory, Ct);
        var client = server.Client;
        var root = repo.Root;
        var sessionId = await PhaseFlow.StartSessionAsync(client, root, Ct);
        await client.CallOkAsync("plan", new() { ["session_id"] = sessionId, ["plan"] = "# Plan\n## Gaps\n- none known", ["project_root"] = root }, Ct);

        var divideEarly = await client.CallErrorAsync("divide", new() { ["session_id"] = sessionId, ["chunks"] = PhaseFlow.TwoChunks(), ["project_root"] = root }, Ct);
        var buildEarly = await client.CallErrorAsync("build_start", new() { ["session_id"] = sessionId, ["project_root"] = root }, Ct);
        await client.CallOkAsync("approve", new() { ["session_id"] = sessionId, ["gate"] = "plan", ["decision"] = "approve", ["project_root"] = root }, Ct);
        var overlapping = JsonSerializer.SerializeToElement(new object[]
        {
            new { id = "c1", scope = "a", files = new[] { "src/shared.cs" } },
            new { id = "c2", scope = "b", files = new[] { "src/shared.cs", "../outside.cs" } },
        });
        var invalid = await client.CallErrorAsync("divide", new() { ["session_id"] = sessionId, ["chunks"] = overlapping, ["project_root"] = root }, Ct);
        var stateAfterInvalid = await client.CallOkAsync("session_status", new() { ["session_id"] = sessionId, ["project_root"] = root }, Ct);
        await client.CallOkAsync("divide", new() { ["session_id"] = sessionId, ["chunks"] = PhaseFlow.TwoChunks(), ["project_root"] = root }, Ct);
        var buildAtOpenGate = await client.CallErrorAsync("build_start", new() { ["session_id"] = sessionId, ["project_root"] = root }, Ct);
        var wrongDecision = await client.CallErrorAsync("approve", new() { ["session_id"] = sessionId, ["gate"] = "build", ["decision"] = "defer", ["project_root"] = root }, Ct);
        var unknownRun = await client.CallErrorAsync("build_status", new() { ["run_id"] = "run-20260101-000000-abcd", ["project_root"] = root }, Ct);
        var unknownResume = await client.CallErrorAsync("build_resume", new() { ["run_id"] = "run-20260101-000000-abcd", ["project_root"] = root }, Ct);
        await client.CallOkAsync("approve", new() { ["session_id"] = sessionId, ["gate"] = "build", ["decision"] = "approve", ["project_root"] = root }, Ct);
        var start = await client.CallOkAsync("build_start", new() { ["session_id"] = sessionId, ["isolation"] = "shared", ["project_root"] = root }, Ct);
        var runId = start.GetProperty("run_id").GetString()!;
        await PhaseFlow.WaitForEndAsync(client, runId, root, Ct);
        var resumeFinished = await client.CallErrorAsync("build_resume", new() { ["run_id"] = runId, ["project_root"] = root }, Ct);
        var cancelFinished = await client.CallErrorAsync("build_cancel", new() { ["run_id"] = runId, ["project_root"] = root }, Ct);

        Assert.Contains("plan gate", divideEarly);
        Assert.Contains("approve(gate: \"plan\"", divideEarly);
        Assert.Contains("build gate", buildEarly);
        Assert.Contains("call divide first", buildEarly);
        Assert.Contains("both own \"src/shared.cs\"", invalid);
        Assert.Contains("outside.cs", invalid);
        Assert.Contains("call divide again", invalid);
        Assert.Equal("not_opened", stateAfterInvalid.GetProperty("gates").GetProperty("build").GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, stateAfterInvalid.GetProperty("chunks").ValueKind);
        Assert.Contains("build gate", buildAtOpenGate);
        Assert.Contains("approve(gate: \"build\"", buildAtOpenGate);
        Assert.Contains("approve, refine, stop", wrongDecision);
        Assert.Contains("No run 'run-20260101-000000-abcd'", unknownRun);
        Assert.Contains("session_status lists", unknownRun);
        Assert.Contains("No run", unknownResume);
        Assert.Contains("already finished (completed)", resumeFinished);
        Assert.Contains("build_start", resumeFinished);
        Assert.Contains("nothing to cancel", cancelFinished);
    }

    [Fact]
    public async Task Concerns_can_be_addressed_as_a_follow_up_run_of_the_same_session()
    {
        using var repo = TempGitRepository.Create();
        var agents = PhaseFlow.ScriptedAgents()
            .Reviewer("c1", ScriptedStep.Findings(new ReviewFinding("c1", FindingSeverity.Concern, "Empty names are not handled", "greet(\"\") returns \"Hello, !\"", "src/a.cs", 3)), ScriptedStep.Clean());
        var factory = new ScriptedEnvironmentFactory(agents);
        await using var server = await PhaseFlow.StartAsync("2025-11-25", factory, Ct);
        var client = server.Client;
        var root = repo.Root;
        var sessionId = await PhaseFlow.ToApprovedBuildAsync(client, root, PhaseFlow.TwoChunks(), Ct);
        var first = (await client.CallOkAsync("build_start", new() { ["session_id"] = sessionId, ["isolation"] = "shared", ["project_root"] = root }, Ct)).GetProperty("run_id").GetString()!;
        await PhaseFlow.WaitForEndAsync(client, first, root, Ct);

        var result = await client.CallOkAsync("build_result", new() { ["run_id"] = first, ["project_root"] = root }, Ct);
        var afterRun = await client.CallOkAsync("session_status", new() { ["session_id"] = sessionId, ["project_root"] = root }, Ct);
        var addressed = await client.CallOkAsync("approve", new() { ["session_id"] = sessionId, ["gate"] = "concerns", ["decision"] = "address", ["project_root"] = root }, Ct);
        var afterAddress = await client.CallOkAsync("session_status", new() { ["session_id"] = sessionId, ["project_root"] = root }, Ct);
        var buildEarly = await client.CallErrorAsync("build_start", new() { ["session_id"] = sessionId, ["project_root"] = root }, Ct);
        await client.CallOkAsync("approve", new() { ["session_id"] = sessionId, ["gate"] = "build", ["decision"] = "approve", ["project_root"] = root }, Ct);
        var second = (await client.CallOkAsync("build_start", new() { ["session_id"] = sessionId, ["isolation"] = "shared", ["project_root"] = root }, Ct)).GetProperty("run_id").GetString()!;
        var secondEnd = await PhaseFlow.WaitForEndAsync(client, second, root, Ct);
        var status = await client.CallOkAsync("session_status", new() { ["session_id"] = sessionId, ["project_root"] = root }, Ct);

        Assert.Equal("Empty names are not handled", Assert.Single(result.GetProperty("concerns").EnumerateArray()).GetProperty("title").GetString());
        Assert.Equal("open", afterRun.GetProperty("gates").GetProperty("concerns").GetProperty("status").GetString());
        Assert.Equal("address", addressed.GetProperty("decision").GetString());
        var followUpLine = Assert.Single(addressed.GetProperty("follow_up_chunks").EnumerateArray()).GetString();
        Assert.StartsWith("f1 [haiku] Address the review concern on chunk c1: Empty names are not handled", followUpLine);
        var chunksJson = afterAddress.GetProperty("chunks");
        Assert.Equal("concerns", chunksJson.GetProperty("source").GetString());
        Assert.Equal(first, chunksJson.GetProperty("followUpOf").GetString());
        var followUp = Assert.Single(Assert.Single(chunksJson.GetProperty("waves").EnumerateArray()).EnumerateArray());
        Assert.Equal("f1", followUp.GetProperty("id").GetString());
        Assert.Equal(["src/a.cs"], followUp.GetProperty("files").EnumerateArray().Select(f => f.GetString()).ToList());
        Assert.Equal("haiku", followUp.GetProperty("model").GetString());
        Assert.Equal("open", afterAddress.GetProperty("gates").GetProperty("build").GetProperty("status").GetString());
        Assert.Contains("build gate", buildEarly);
        Assert.Equal("completed", secondEnd.GetProperty("status").GetString());
        Assert.Equal(["f1"], secondEnd.GetProperty("chunks").EnumerateArray().Select(c => c.GetProperty("id").GetString()).ToList());
        Assert.Equal([first, second], status.GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("run_id").GetString()).ToList());
        Assert.Contains(factory.Runner.JobsFor(AgentRole.Executor, "f1"), j => j.Prompt.Contains("Empty names are not handled", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Deferred_findings_are_recorded_and_unresolved_blockers_are_listed_in_full()
    {
        using var repo = TempGitRepository.Create();
        var blocker = new ReviewFinding("c1", FindingSeverity.Blocker, "Null input crashes", "greet(null) throws NullReferenceException", "src/a.cs", 7);
        var agents = PhaseFlow.ScriptedAgents().Reviewer("c1", ScriptedStep.Findings(blocker));
        var factory = new ScriptedEnvironmentFactory(agents);
        await using var server = await PhaseFlow.StartAsync("2025-11-25", factory, Ct);
        var client = server.Client;
        var root = repo.Root;
        var sessionId = await PhaseFlow.ToApprovedBuildAsync(client, root, PhaseFlow.TwoChunks(), Ct);
        await File.WriteAllTextAsync(Path.Combine(root, ".orchestrator", "config.yaml"), "default_runner: codex\n", Ct);
        var runId = (await client.CallOkAsync("build_start", new() { ["session_id"] = sessionId, ["isolation"] = "shared", ["project_root"] = root }, Ct)).GetProperty("run_id").GetString()!;
        await PhaseFlow.WaitForEndAsync(client, runId, root, Ct);

        Assert.Equal(RunnerKind.Codex, factory.Setups.Last().Runner);
        var resultCall = await client.CallToolAsync("build_result", new Dictionary<string, object?> { ["run_id"] = runId, ["project_root"] = root }, cancellationToken: Ct);
        var deferCall = await client.CallToolAsync("approve", new Dictionary<string, object?> { ["session_id"] = sessionId, ["gate"] = "concerns", ["decision"] = "defer", ["project_root"] = root }, cancellationToken: Ct);
        var again = await client.CallErrorAsync("approve", new() { ["session_id"] = sessionId, ["gate"] = "concerns", ["decision"] = "defer", ["project_root"] = root }, Ct);
        var stateFile = await File.ReadAllTextAsync(Path.Combine(root, ".orchestrator", "sessions", sessionId, "STATE.md"), Ct);

        Assert.Contains("[blocker] c1: Null input crashes: greet(null) throws NullReferenceException (src/a.cs:7)", ToolCalls.TextOf(resultCall));
        Assert.True(JsonSerializer.SerializeToElement(resultCall.StructuredContent).GetProperty("hitReviewCap").GetBoolean());
        var deferred = JsonSerializer.SerializeToElement(deferCall.StructuredContent);
        Assert.Equal("defer", deferred.GetProperty("decision").GetString());
        Assert.Equal("[blocker] c1: Null input crashes: greet(null) throws NullReferenceException (src/a.cs:7)", Assert.Single(deferred.GetProperty("unresolved_blockers").EnumerateArray()).GetString());
        Assert.Contains("Unresolved blockers (listed in full):\n- [blocker] c1: Null input crashes: greet(null) throws NullReferenceException (src/a.cs:7)", ToolCalls.TextOf(deferCall));
        Assert.Contains("already decided (defer by client)", again);
        Assert.Contains("deferred-concerns:", stateFile);
        Assert.Contains("title: \"Null input crashes\"", stateFile);
        Assert.Contains($"run: \"{runId}\"", stateFile);
    }
}
