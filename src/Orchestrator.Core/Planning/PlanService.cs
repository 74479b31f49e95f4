using Microsoft.Extensions.Logging;
using Orchestrator.Core.Agents;
using Orchestrator.Core.Common;
using Orchestrator.Core.Planning.PhaseAgents;
using Orchestrator.Core.Sessions;

namespace Orchestrator.Core.Planning;

/// <summary>
/// Phase 2 (plan): one planning agent (sonnet; opus for correctness-critical sessions; never haiku) or the host's
/// own plan; feedback re-plans. Saves plan.md and opens the plan gate; an earlier chunk plan is stale from then on,
/// so the build gate closes again.
/// </summary>
public sealed partial class PlanService(
    SessionWriter writer,
    ISessionActivity activity,
    PhaseRunnerSelector runners,
    PhaseAgentDispatcher dispatcher,
    ILogger<PlanService> logger)
{
    public TimeSpan AgentTimeout { get; init; } = TimeSpan.FromMinutes(20);

    public async Task<Outcome<PlanResult>> RunAsync(ProjectContext project, string sessionId, string? hostPlan, string? feedback, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(project);
        var store = new SessionStore(project.SessionsDirectory);
        var loaded = await SessionPhaseGuard.LoadWritableAsync(store, sessionId, activity, "plan", cancellationToken).ConfigureAwait(false);
        if (!loaded.Succeeded)
        {
            return loaded.Error;
        }

        var state = loaded.Value;

        PlanResult result;
        if (!string.IsNullOrWhiteSpace(hostPlan))
        {
            result = new PlanResult(hostPlan.Trim(), PlanDocument.Bullets(hostPlan, "gap"), PlanDocument.Bullets(hostPlan, "question"),
                PlanDocument.SectionText(hostPlan, "chunk"), "host", 0m);
        }
        else
        {
            var runner = await runners.SelectAsync(project, cancellationToken).ConfigureAwait(false);
            if (!runner.Succeeded)
            {
                return Outcome<PlanResult>.Failure(runner.Error.Code,
                    $"The planning agent cannot run: {runner.Error.Message} Or write the plan yourself and pass it as `plan` (Markdown).");
            }

            var spec = await store.ReadDocumentAsync(sessionId, SessionDocuments.Spec, cancellationToken).ConfigureAwait(false);
            var previous = await store.ReadDocumentAsync(sessionId, SessionDocuments.Plan, cancellationToken).ConfigureAwait(false);
            var effectiveFeedback = !string.IsNullOrWhiteSpace(feedback) ? feedback
                : state.Gates.Plan.Decision == GateNames.Refine ? state.Gates.Plan.Note
                : null;
            var tier = state.CorrectnessCritical ? ModelTier.Opus : ModelTier.Sonnet;
            var log = Path.Combine(project.SessionsDirectory, sessionId, "agents", "plan.log");
            var job = new AgentJob($"plan:{sessionId}", $"plan-{sessionId}", AgentRole.Planner, tier,
                PhaseAgentPrompts.Planner(state.Description, spec, effectiveFeedback is null ? null : previous, effectiveFeedback),
                state.WorkTree, PhaseAgentSchemas.Planner, AgentTimeout, log, null, 1);
            var answer = await dispatcher.RunAsync(runner.Value, job, cancellationToken).ConfigureAwait(false);
            var parsed = answer.Completed ? PhaseAgentOutputParser.ParsePlanner(answer.Output) : null;
            if (parsed?.Value is not { } output)
            {
                return Outcome<PlanResult>.Failure(ErrorCode.InvalidArgument,
                    $"The planning agent ({tier.ToName()}) gave no usable plan: {answer.FailureReason ?? parsed?.Error}. Log: {log}. Call plan again, or pass your own plan as `plan`.");
            }

            result = new PlanResult(output.Plan.Trim(), output.Gaps ?? [], output.OpenQuestions ?? [], output.SuggestedChunking ?? "", tier.ToName(), answer.CostUsd);
        }

        var document = result.PlannerModel == "host" ? result.Plan + "\n" : PlanDocument.Format(result.Plan, result.Gaps, result.OpenQuestions, result.SuggestedChunking);
        var written = await writer.WriteDocumentAsync(project, sessionId, SessionDocuments.Plan, document, cancellationToken).ConfigureAwait(false);
        if (!written.Succeeded)
        {
            return written.Error;
        }

        var updated = await writer.UpdateAsync(project, sessionId, s => Outcome<SessionState>.Success(s with
        {
            Phase = SessionPhase.Plan,
            Gates = s.Gates with { Plan = new GateState(GateState.Open), Build = GateState.Initial },
            Body = SessionBody.ReplaceSection(s.Body, SessionBody.OpenQuestions, result.OpenQuestions),
        }), cancellationToken).ConfigureAwait(false);
        if (!updated.Succeeded)
        {
            return updated.Error;
        }

        LogPlanWritten(sessionId, result.PlannerModel);
        return Outcome<PlanResult>.Success(result);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Plan of session {SessionId} written by {Planner}; plan gate open")]
    private partial void LogPlanWritten(string sessionId, string planner);
}
