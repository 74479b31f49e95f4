using Orchestrator.Core.Agents;
using Orchestrator.Core.Options;
using Orchestrator.Core.Sessions;

namespace Orchestrator.Core.Planning.Costs;

/// <summary>Estimates a session's chunk plan for a runner (by default config.yaml's default_runner) from the project's metrics.</summary>
public static class PlanCostEstimates
{
    /// <summary>The runner the build will most likely use: <paramref name="runner"/>, else default_runner, else claude.</summary>
    public static async Task<RunnerKind> RunnerAsync(ProjectContext project, RunnerKind? runner, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(project);
        if (runner is { } given)
        {
            return given;
        }

        var options = await OptionsLoader.LoadAsync(project.OrchestratorDirectory, cancellationToken).ConfigureAwait(false);
        var kind = options.Succeeded ? RunnerKinds.Parse(options.Value.DefaultRunner, PhaseRunnerSelector.DefaultRunnerSource) : null;
        return kind is { Succeeded: true } ? kind.Value : RunnerKind.Claude;
    }

    /// <summary>The figures for <paramref name="runner"/> from this project's history.</summary>
    public static CostFigures Figures(ProjectContext project, RunnerKind runner)
    {
        ArgumentNullException.ThrowIfNull(project);
        return CostHistory.Figures(CostHistory.MetricsFile(project.OrchestratorDirectory), runner);
    }

    /// <summary>Estimates <paramref name="plan"/> for <paramref name="runner"/> (null: the default runner).</summary>
    public static async Task<PlanCostEstimate> EstimateAsync(ProjectContext project, ChunkPlan plan, RunnerKind? runner, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var kind = await RunnerAsync(project, runner, cancellationToken).ConfigureAwait(false);
        return CostEstimator.Estimate(plan.Chunks, Figures(project, kind));
    }

    /// <summary>Estimates the plan in <paramref name="waves"/>; null when it is not a valid plan (the build refuses it anyway).</summary>
    public static async Task<PlanCostEstimate?> EstimateAsync(ProjectContext project, IReadOnlyList<IReadOnlyList<ChunkDefinition>> waves, string workTree, RunnerKind runner, CancellationToken cancellationToken) =>
        ChunkPlanValidator.ValidateWaves(waves, workTree).Plan is { } plan ? await EstimateAsync(project, plan, runner, cancellationToken).ConfigureAwait(false) : null;

    /// <summary>The saved estimate of the session, if any.</summary>
    public static async Task<PlanCostEstimate?> ReadAsync(ProjectContext project, string sessionId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(project);
        return PlanCostEstimate.Parse(await new SessionStore(project.SessionsDirectory).ReadDocumentAsync(sessionId, PlanCostEstimate.FileName, cancellationToken).ConfigureAwait(false));
    }
}
