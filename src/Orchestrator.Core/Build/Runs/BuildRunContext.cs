using System.Globalization;
using Orchestrator.Core.Agents;
using Orchestrator.Core.Build.Attempts;
using Orchestrator.Core.Build.Journal;
using Orchestrator.Core.Build.Verification;
using Orchestrator.Core.Build.Workspaces;
using Orchestrator.Core.Common;
using Orchestrator.Core.Planning;

namespace Orchestrator.Core.Build.Runs;

/// <summary>Everything one run shares between scheduler, ladder, dispatcher and review loop.</summary>
internal sealed class BuildRunContext
{
    public BuildRunContext(
        string runId,
        string runDirectory,
        string workingDirectory,
        BuildRunInput input,
        BuildOptions options,
        ChunkPlan plan,
        RunJournalWriter journal,
        IReadOnlyDictionary<string, AttemptResult> replay,
        IAgentRunner runner,
        IChunkWorkspaceProvider workspaces,
        IChunkVerifier verifier,
        TimeProvider timeProvider)
    {
        RunId = runId;
        RunDirectory = runDirectory;
        WorkingDirectory = workingDirectory;
        Input = input;
        Options = options;
        Plan = plan;
        Journal = journal;
        Replay = replay;
        Runner = runner;
        Workspaces = workspaces;
        Verifier = verifier;
        TimeProvider = timeProvider;
    }

    public string RunId { get; }

    public string RunDirectory { get; }

    public string WorkingDirectory { get; }

    public BuildRunInput Input { get; }

    public BuildOptions Options { get; }

    public ChunkPlan Plan { get; }

    public RunJournalWriter Journal { get; }

    /// <summary>Finished attempts of an earlier process, by attempt key: replayed instead of dispatched.</summary>
    public IReadOnlyDictionary<string, AttemptResult> Replay { get; }

    public IAgentRunner Runner { get; }

    public IChunkWorkspaceProvider Workspaces { get; }

    public IChunkVerifier Verifier { get; }

    public TimeProvider TimeProvider { get; }

    private readonly Lock budgetLock = new();
    private decimal reserved;

    /// <summary>Set once the budget stopped a dispatch; becomes the result's stopReason.</summary>
    public string? BudgetStopReason { get; private set; }

    /// <summary>Set once an infrastructure failure paused dispatching; becomes the result's stopReason.</summary>
    public string? PauseReason { get; private set; }

    /// <summary>When the CLI said to retry, if it did.</summary>
    public DateTimeOffset? RetryAt { get; private set; }

    /// <summary>Pauses dispatching (the first reason holds; the latest stated retry time wins).</summary>
    public void Pause(string reason, DateTimeOffset? retryAt)
    {
        lock (Executions)
        {
            PauseReason ??= reason;
            if (retryAt is { } at && (RetryAt is null || at > RetryAt))
            {
                RetryAt = at;
            }
        }
    }

    /// <summary>The latest ladder result per chunk (the perChunk entries).</summary>
    public Dictionary<string, LadderResult> Executions { get; } = new(StringComparer.Ordinal);

    /// <summary>"budget exhausted: ..." when the recorded cost plus the running attempts' reservations reached the budget, else null.</summary>
    public string? CheckBudget()
    {
        if (PauseReason is { } paused)
        {
            return paused;
        }

        lock (budgetLock)
        {
            return Options.BudgetUsd is { } budget ? Exhausted(budget) : null;
        }
    }

    /// <summary>
    /// Reserves an attempt's expected cost before it starts (the plan estimate's figure for its role and tier), or says
    /// why it may not start. An attempt starts only while spent + reserved is under the budget, so however many run
    /// in parallel, the run ends at most one attempt's estimate over it (when attempts cost what they were estimated).
    /// Dispose the reservation once the attempt's cost is in the journal.
    /// </summary>
    public BudgetReservation Reserve(AgentRole role, ModelTier tier)
    {
        if (PauseReason is { } paused)
        {
            return new BudgetReservation(this, 0m, paused);
        }

        if (Options.BudgetUsd is not { } budget)
        {
            return new BudgetReservation(this, 0m, null);
        }

        var estimate = Options.CostEstimate?.PerAttempt(role, tier) ?? 0m;
        lock (budgetLock)
        {
            if (Exhausted(budget) is { } reason)
            {
                return new BudgetReservation(this, 0m, reason);
            }

            reserved += estimate;
            return new BudgetReservation(this, estimate, null);
        }
    }

    /// <summary>Gives back a reservation (the attempt's actual cost is in the journal now, or it never started).</summary>
    internal void Release(decimal reservation)
    {
        lock (budgetLock)
        {
            reserved = Math.Max(0m, reserved - reservation);
        }
    }

    // Caller holds budgetLock.
    private string? Exhausted(decimal budget)
    {
        var snapshot = Journal.Snapshot;
        var unpriced = UnpricedSpend(snapshot);
        var spent = snapshot.CostUsd + unpriced;
        if (spent + reserved < budget)
        {
            return null;
        }

        var estimated = unpriced > 0 ? string.Create(CultureInfo.InvariantCulture, $" (${unpriced:0.00} of it estimated for attempts whose runner reports no price)") : "";
        var running = reserved > 0 ? string.Create(CultureInfo.InvariantCulture, $" (+${reserved:0.00} reserved by running attempts)") : "";
        var reason = string.Create(CultureInfo.InvariantCulture, $"budget exhausted: spent ${spent:0.00}{estimated}{running} of ${budget:0.00}");
        lock (Executions)
        {
            BudgetStopReason ??= reason;
        }

        return reason;
    }

    /// <summary>
    /// What the finished attempts whose runner reports tokens but no price (codex) cost by the plan's estimate: without
    /// it such a run would read $0 spent forever and <c>budget_usd</c> would never stop it. Derived from the journal, so
    /// a resumed run counts them again the same way.
    /// </summary>
    private decimal UnpricedSpend(RunSnapshot snapshot) =>
        Options.CostEstimate is not { } estimate
            ? 0m
            : snapshot.Attempts.Where(a => a.CostUsd == 0m && a.Tokens.Total > 0).Sum(a => estimate.PerAttempt(a.Role, a.Tier));

    /// <summary>The key that identifies an attempt across processes (for replay and the journal).</summary>
    public static string AttemptKey(AgentRole role, int iteration, string? chunkId, int attempt) => role switch
    {
        AgentRole.Executor => $"exec:{iteration}:{chunkId}:{attempt}",
        AgentRole.OpusReviewer => $"opus:{iteration}",
        _ => $"review:{iteration}:{chunkId}",
    };
}
