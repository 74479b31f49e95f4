using Microsoft.Extensions.Logging.Abstractions;
using Orchestrator.Core.Common;
using Orchestrator.Core.Gates;
using Orchestrator.Core.Sessions;
using Orchestrator.Testing;

namespace Orchestrator.Core.Tests.Sessions;

/// <summary>GateService as the dashboard calls it: decisions recorded with who made them, refusals naming the fix.</summary>
public sealed class GateServiceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_decision_is_recorded_once_with_who_made_it_and_bad_input_is_refused()
    {
        using var repo = TempGitRepository.Create();
        var (sessions, locks) = SessionServiceFactory.Create();
        await using var _ = locks;
        var started = await sessions.StartAsync(SessionServiceFactory.Request(repo.Root, isolation: SessionIsolation.InPlace), Ct);
        Assert.True(started.Succeeded, started.Error?.Message);
        var project = (await sessions.LocateAsync(repo.Root, Ct)).Value!;
        var sessionId = started.Value.State.Session;
        var writer = new SessionWriter(locks, TimeProvider.System);
        var gates = new GateService(writer, TimeProvider.System, NullLogger<GateService>.Instance);

        var notOpen = await gates.DecideAsync(project, sessionId, "plan", "approve", null, "dashboard", Ct);
        await writer.UpdateAsync(project, sessionId, s => Outcome<SessionState>.Success(s with { Gates = s.Gates with { Plan = new GateState(GateState.Open) } }), Ct);
        var unknownGate = await gates.DecideAsync(project, sessionId, "deploy", "approve", null, "dashboard", Ct);
        var wrongDecision = await gates.DecideAsync(project, sessionId, "plan", "defer", null, "dashboard", Ct);
        var decided = await gates.DecideAsync(project, sessionId, "Plan", " Approve ", "  ship it ", "dashboard", Ct);
        var twice = await gates.DecideAsync(project, sessionId, "plan", "stop", null, "client", Ct);
        var concerns = await gates.DecideAsync(project, sessionId, "concerns", "address", null, "user", Ct);
        var state = (await new SessionStore(project.SessionsDirectory).LoadAsync(sessionId, Ct)).Value!;

        Assert.Contains("not open yet: call plan", notOpen.Error!.Message);
        Assert.Contains("\"plan\" (after plan)", unknownGate.Error!.Message);
        Assert.Contains("Use one of: approve, refine, stop", wrongDecision.Error!.Message);
        Assert.True(decided.Succeeded, decided.Error?.Message);
        Assert.Equal(("plan", "approve", "dashboard", GateState.Approved, "ship it"), (decided.Value.Gate, decided.Value.Decision, decided.Value.DecidedBy, decided.Value.Status, decided.Value.Note));
        Assert.Contains("already decided (approve by dashboard)", twice.Error!.Message);
        Assert.Contains("opens when a build run ends with review concerns", concerns.Error!.Message);
        Assert.Equal(new GateState(GateState.Approved, "approve", "dashboard", "ship it", state.Gates.Plan.DecidedAt), state.Gates.Plan);
        Assert.NotNull(state.Gates.Plan.DecidedAt);
    }
}
