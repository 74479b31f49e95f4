using System.Globalization;
using Orchestrator.Core.Agents;
using Orchestrator.Core.Build.Attempts;
using Orchestrator.Core.Build.Journal;
using Orchestrator.Core.Build.Verification;
using Orchestrator.Core.Build.Workspaces;
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

    /// <summary>"budget exhausted: spent $X of $Y" when the recorded cost reached the budget, else null.</summary>
    public string? CheckBudget()
    {
        if (PauseReason is { } paused)
        {
            return paused;
        }

        if (Options.BudgetUsd is not { } budget)
        {
            return null;
        }

        var spent = Journal.Snapshot.CostUsd;
        if (spent < budget)
        {
            return null;
        }

        var reason = string.Create(CultureInfo.InvariantCulture, $"budget exhausted: spent ${spent:0.00##} of ${budget:0.00##}");
        lock (Executions)
        {
            BudgetStopReason ??= reason;
        }

        return reason;
    }

    /// <summary>The key that identifies an attempt across processes (for replay and the journal).</summary>
    public static string AttemptKey(AgentRole role, int iteration, string? chunkId, int attempt) => role switch
    {
        AgentRole.Executor => $"exec:{iteration}:{chunkId}:{attempt}",
        AgentRole.OpusReviewer => $"opus:{iteration}",
        _ => $"review:{iteration}:{chunkId}",
    };
}
