using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Orchestrator.Core.Build;
using Orchestrator.Core.Build.Journal;
using Orchestrator.Core.Build.Runs;
using Orchestrator.Core.Build.Verification;
using Orchestrator.Core.Gates;
using Orchestrator.Core.Planning;
using Orchestrator.Core.Sessions;
using Orchestrator.Core.Tests.Sessions;
using Orchestrator.Testing;

namespace Orchestrator.Core.Tests.Gates;

/// <summary>A run that ends with chunks not done asks the user: retry (one tier up), address, defer or abandon.</summary>
public sealed class FailuresGateTests
{
    private const string RunId = "run-20261130-010203-abcd";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("retry", "sonnet", "Add b")]
    [InlineData("retry_up", "opus", "Add b")]
    [InlineData("address", "sonnet", "Add b (the previous run failed here: no fixture; address that first)")]
    public async Task A_run_with_a_failed_chunk_opens_the_failures_gate_and_a_retry_puts_the_chunks_not_done_at_the_build_gate(string decision, string model, string scope)
    {
        var (project, sessionId, writer, repo, locks) = await SessionWithFailedRunAsync();
        using var _ = repo;
        await using var __ = locks;
        var store = new SessionStore(project.SessionsDirectory);
        var settled = (await store.LoadAsync(sessionId, Ct)).Value!;
        Assert.Equal(GateState.Open, settled.Gates.Failures.Status);
        Assert.Equal("approve (gate: failures)", SessionContinuation.NextStep(settled));
        Assert.Contains("failures:", await File.ReadAllTextAsync(Path.Combine(project.SessionsDirectory, sessionId, "STATE.md"), Ct));

        var gates = new GateService(writer, TimeProvider.System, NullLogger<GateService>.Instance);
        var decided = await gates.DecideAsync(project, sessionId, "failures", decision, null, "user", Ct);

        Assert.True(decided.Succeeded, decided.Error?.Message);
        var plan = decided.Value.FollowUp!;
        Assert.Equal((SessionChunkPlan.FromFailures, RunId), (plan.Source, plan.FollowUpOf));
        Assert.Equal(["c2", "c3"], plan.Chunks.Select(c => c.Id));
        Assert.Equal((model, scope), (plan.Chunks[0].Model, plan.Chunks[0].Scope));
        Assert.Equal(["c2"], plan.Chunks[1].DependsOn);
        var state = (await store.LoadAsync(sessionId, Ct)).Value!;
        Assert.Equal((SessionPhase.Divide, GateState.Open, GateState.Approved), (state.Phase, state.Gates.Build.Status, state.Gates.Failures.Status));
    }

    [Fact]
    public async Task Defer_and_abandon_record_the_decision_and_build_nothing()
    {
        var (project, sessionId, writer, repo, locks) = await SessionWithFailedRunAsync();
        using var _ = repo;
        await using var __ = locks;
        var gates = new GateService(writer, TimeProvider.System, NullLogger<GateService>.Instance);

        var deferred = await gates.DecideAsync(project, sessionId, "failures", "defer", "next sprint", "user", Ct);
        var again = await gates.DecideAsync(project, sessionId, "failures", "abandon", null, "user", Ct);

        Assert.True(deferred.Succeeded, deferred.Error?.Message);
        Assert.Null(deferred.Value.FollowUp);
        Assert.Contains("already decided (defer by user)", again.Error!.Message);
        var state = (await new SessionStore(project.SessionsDirectory).LoadAsync(sessionId, Ct)).Value!;
        Assert.Equal(new GateState(GateState.Approved, "defer", "user", "next sprint", state.Gates.Failures.DecidedAt), state.Gates.Failures);
    }

    private static async Task<(ProjectContext Project, string SessionId, SessionWriter Writer, TempGitRepository Repo, SessionLockManager Locks)> SessionWithFailedRunAsync()
    {
        var repo = TempGitRepository.Create();
        var (sessions, locks) = SessionServiceFactory.Create();
        var started = await sessions.StartAsync(SessionServiceFactory.Request(repo.Root, isolation: SessionIsolation.InPlace), Ct);
        Assert.True(started.Succeeded, started.Error?.Message);
        var project = (await sessions.LocateAsync(repo.Root, Ct)).Value!;
        var sessionId = started.Value.State.Session;
        var writer = new SessionWriter(locks, TimeProvider.System);
        var chunks = new SessionChunkPlan(false,
        [
            [
                new ChunkDefinition { Id = "c1", Scope = "Add a", Files = ["src/a.cs"], Model = "haiku", DependsOn = [] },
                new ChunkDefinition { Id = "c2", Scope = "Add b", Files = ["src/b.cs"], Model = "sonnet", DependsOn = ["c1"] },
                new ChunkDefinition { Id = "c3", Scope = "Add c", Files = ["src/c.cs"], Model = "sonnet", DependsOn = ["c2"] },
            ],
        ]);
        await writer.WriteDocumentAsync(project, sessionId, SessionDocuments.Chunks, chunks.Serialize(), Ct);
        var result = new BuildRunResult
        {
            RunId = RunId,
            Status = BuildRunStatus.CompletedWithFailures,
            Verdicts =
            [
                new ChunkJudgement("c1", ChunkVerdictStatus.Done, 1, null),
                new ChunkJudgement("c2", ChunkVerdictStatus.Failed, 3, "no fixture"),
                new ChunkJudgement("c3", ChunkVerdictStatus.NotStarted, 0, "dependency failed: c2"),
            ],
            Summary = "1 of 3 chunk(s) done; c2 failed after 3 attempt(s): no fixture; c3 not started: dependency failed: c2",
        };
        var runDirectory = RunIds.DirectoryOf(project, RunId);
        Directory.CreateDirectory(runDirectory);
        await File.WriteAllTextAsync(Path.Combine(runDirectory, RunJournal.ResultFileName), JsonSerializer.Serialize(result, BuildJson.Indented), Ct);
        await writer.UpdateAsync(project, sessionId, s => Core.Common.Outcome<SessionState>.Success(s with { Runs = [RunId], Phase = SessionPhase.Build }), Ct);
        await new BuildRunSettler(writer, NullLogger<BuildRunSettler>.Instance).SettleAsync(project, sessionId, result);
        return (project, sessionId, writer, repo, locks);
    }
}
