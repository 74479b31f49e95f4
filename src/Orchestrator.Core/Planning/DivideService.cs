using Microsoft.Extensions.Logging;
using Orchestrator.Core.Agents;
using Orchestrator.Core.Common;
using Orchestrator.Core.Git;
using Orchestrator.Core.Planning.Costs;
using Orchestrator.Core.Planning.PhaseAgents;
using Orchestrator.Core.Sessions;

namespace Orchestrator.Core.Planning;

/// <summary>
/// Phase 4 (divide): the host's chunks/waves, or a divider agent's proposal from the approved plan; validated by
/// <see cref="ChunkPlanValidator"/> (every problem at once), test infrastructure detected, opus review set where the
/// advisor flags a chunk, the cost estimated. Saves chunks.json and cost-estimate.json and opens the build gate. Refused while the plan gate is not approved.
/// </summary>
public sealed partial class DivideService(
    SessionWriter writer,
    ISessionActivity activity,
    IGit git,
    PhaseRunnerSelector runners,
    PhaseAgentDispatcher dispatcher,
    ILogger<DivideService> logger)
{
    public TimeSpan AgentTimeout { get; init; } = TimeSpan.FromMinutes(15);

    public async Task<Outcome<DivideResult>> RunAsync(
        ProjectContext project,
        string sessionId,
        IReadOnlyList<IReadOnlyList<ChunkDefinition>>? waves,
        bool? testsRequired,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(project);
        var store = new SessionStore(project.SessionsDirectory);
        var loaded = await SessionPhaseGuard.LoadWritableAsync(store, sessionId, activity, "divide", cancellationToken).ConfigureAwait(false);
        if (!loaded.Succeeded)
        {
            return loaded.Error;
        }

        var state = loaded.Value;

        if (GateGuard.RequireApproved(state, GateNames.Plan, "divide the plan into chunks") is { } closed)
        {
            return closed;
        }

        var detection = await DetectTestsAsync(state.WorkTree, cancellationToken).ConfigureAwait(false);
        var tests = testsRequired ?? detection.TestsRequired;
        var dividedBy = "host";
        var cost = 0m;
        ChunkPlanValidationResult validation;
        if (waves is not null)
        {
            validation = ChunkPlanValidator.ValidateWaves(waves, state.WorkTree);
            if (!validation.IsValid)
            {
                return Invalid(validation, "Fix them and call divide again.");
            }
        }
        else
        {
            var plan = await store.ReadDocumentAsync(sessionId, SessionDocuments.Plan, cancellationToken).ConfigureAwait(false) ?? "";
            var proposed = await ProposeAsync(project, state, plan, tests, cancellationToken).ConfigureAwait(false);
            if (!proposed.Succeeded)
            {
                return proposed.Error;
            }

            (waves, validation, cost) = proposed.Value;
            dividedBy = "divider (sonnet)";
        }

        // The senior review is applied, not only suggested (a chunk whose plan says opusReview: false keeps it off).
        var (advised, applied) = OpusReviewApplier.Apply(waves, validation.Plan!);
        if (applied.Count > 0)
        {
            (waves, validation) = (advised, ChunkPlanValidator.ValidateWaves(advised, state.WorkTree));
        }

        var chunkPlan = new SessionChunkPlan(tests, waves);
        var estimate = await PlanCostEstimates.EstimateAsync(project, validation.Plan!, null, cancellationToken).ConfigureAwait(false);
        var estimated = await writer.WriteDocumentAsync(project, sessionId, PlanCostEstimate.FileName, estimate.Serialize(), cancellationToken).ConfigureAwait(false);
        if (!estimated.Succeeded)
        {
            return estimated.Error;
        }

        var written = await writer.WriteDocumentAsync(project, sessionId, SessionDocuments.Chunks, chunkPlan.Serialize(), cancellationToken).ConfigureAwait(false);
        if (!written.Succeeded)
        {
            return written.Error;
        }

        var updated = await writer.UpdateAsync(project, sessionId, s => Outcome<SessionState>.Success(s with
        {
            Phase = SessionPhase.Divide,
            // Waves as close counts them: the DAG levels (a chunk depending on one of its own wave starts a new one).
            TotalWaves = validation.Plan?.Levels().Count ?? waves.Count,
            CurrentWave = 0,
            Gates = s.Gates with { Build = new GateState(GateState.Open) },
        }), cancellationToken).ConfigureAwait(false);
        if (!updated.Succeeded)
        {
            return updated.Error;
        }

        var planned = validation.Plan!;
        LogDivided(sessionId, planned.Chunks.Count, dividedBy);
        return Outcome<DivideResult>.Success(new DivideResult(chunkPlan, planned.Levels(), detection.Evidence,
            applied, dividedBy, cost) { CostEstimate = estimate });
    }

    private async Task<Outcome<(IReadOnlyList<IReadOnlyList<ChunkDefinition>>, ChunkPlanValidationResult, decimal)>> ProposeAsync(
        ProjectContext project, SessionState state, string plan, bool testsRequired, CancellationToken cancellationToken)
    {
        var runner = await runners.SelectAsync(project, cancellationToken).ConfigureAwait(false);
        if (!runner.Succeeded)
        {
            return Outcome<(IReadOnlyList<IReadOnlyList<ChunkDefinition>>, ChunkPlanValidationResult, decimal)>.Failure(runner.Error.Code,
                $"The divider agent cannot run: {runner.Error.Message} Or split the plan yourself and pass `chunks` (or `waves`).");
        }

        string? problems = null;
        var cost = 0m;
        // Two tries: the second sees the validator's problems with the first proposal.
        for (var attempt = 1; attempt <= 2; attempt++)
        {
            var log = Path.Combine(project.SessionsDirectory, state.Session, "agents", $"divide-{attempt}.log");
            var job = new AgentJob($"divide:{state.Session}:{attempt}", $"divide-{state.Session}", AgentRole.Divider, ModelTier.Sonnet,
                PhaseAgentPrompts.Divider(state.Description, plan, testsRequired, problems), state.WorkTree, PhaseAgentSchemas.Divider, AgentTimeout, log, null, attempt);
            var answer = await dispatcher.RunAsync(runner.Value, job, cancellationToken).ConfigureAwait(false);
            cost += answer.CostUsd;
            var parsed = answer.Completed ? PhaseAgentOutputParser.ParseDivider(answer.Output) : null;
            if (parsed?.Value is not { } output)
            {
                problems = answer.FailureReason ?? parsed?.Error;
                continue;
            }

            var validation = ChunkPlanValidator.ValidateWaves(output.Waves, state.WorkTree);
            if (validation.IsValid)
            {
                return Outcome<(IReadOnlyList<IReadOnlyList<ChunkDefinition>>, ChunkPlanValidationResult, decimal)>.Success((output.Waves, validation, cost));
            }

            problems = validation.Describe();
        }

        return Outcome<(IReadOnlyList<IReadOnlyList<ChunkDefinition>>, ChunkPlanValidationResult, decimal)>.Failure(ErrorCode.InvalidPlan,
            $"The divider agent gave no valid chunk plan in two tries; last problems: {problems}. Split the plan yourself and pass `chunks` (or `waves`) to divide.");
    }

    private async Task<TestInfrastructureReport> DetectTestsAsync(string workTree, CancellationToken cancellationToken)
    {
        var listed = await git.RunAsync(workTree, ["ls-files", "-z"], cancellationToken).ConfigureAwait(false);
        var files = listed.Succeeded ? GitOutput.SplitNul(listed.StandardOutput) : [];
        return TestInfrastructureDetector.Detect(files, path =>
        {
            var full = Path.Combine(workTree, path);
            return File.Exists(full) ? File.ReadAllText(full) : null;
        });
    }

    private static Outcome<DivideResult> Invalid(ChunkPlanValidationResult validation, string fix) =>
        Outcome<DivideResult>.Failure(ErrorCode.InvalidPlan,
            $"The chunk plan is invalid ({validation.Problems.Count} problem(s) in `chunks`/`waves`):\n- {string.Join("\n- ", validation.Problems.Select(p => p.Message))}\n{fix}");

    [LoggerMessage(Level = LogLevel.Information, Message = "Session {SessionId} divided into {Chunks} chunks by {DividedBy}; build gate open")]
    private partial void LogDivided(string sessionId, int chunks, string dividedBy);
}
