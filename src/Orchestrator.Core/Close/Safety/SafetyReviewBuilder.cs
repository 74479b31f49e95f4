using Orchestrator.Core.Agents;
using Orchestrator.Core.Build;
using Orchestrator.Core.Build.Attempts;
using Orchestrator.Core.Build.Runs;
using Orchestrator.Core.Close.Verification;
using Orchestrator.Core.Sessions;
using Orchestrator.Core.Build.Verification;

namespace Orchestrator.Core.Close.Safety;

/// <summary>Builds the <see cref="SafetyReview"/> from the verified chunks and what each run recorded (attempts, scope violations, setup).</summary>
public static class SafetyReviewBuilder
{
    /// <summary>From this many executor attempts on a chunk that did not finish, its agents count as spiralling.</summary>
    public const int SpiralAttempts = 3;

    public static SafetyReview Build(SessionState state, VerifiedSession verified, string runsDirectory)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(verified);
        var attempts = verified.Runs.SelectMany(r => (IEnumerable<AttemptRecord>?)r.Result?.Attempts ?? r.Snapshot?.Attempts ?? [])
            .Where(a => a.Role == AgentRole.Executor && a.ChunkId is not null).ToList();
        bool Spiralled(ChunkVerdict chunk)
        {
            var mine = attempts.Where(a => a.ChunkId == chunk.ChunkId).ToList();
            return !chunk.IsDone && (mine.Count >= SpiralAttempts || mine.Any(a => a.Outcome == AttemptOutcome.TimedOut));
        }

        var chunks = verified.Plan.Chunks;
        var spiral = chunks.Where(Spiralled).ToList();
        var violations = verified.Runs
            .SelectMany(r => ((r.Result?.ScopeViolations ?? r.Snapshot?.ScopeViolations) ?? []).Select(v => $"{r.RunId}: {v.ChunkId} changed {string.Join(", ", v.Files)} outside its files"))
            .ToList();
        var fallbacks = new List<string>();
        foreach (var run in verified.Runs)
        {
            var setup = RunSetupRecord.Read(Path.Combine(runsDirectory, run.RunId));
            if (setup?.Isolation == BuildIsolation.Shared)
            {
                fallbacks.Add($"{run.RunId}: chunks ran in the shared session tree (no per-chunk worktrees, so no scope isolation between parallel agents)");
            }
        }

        if (state.Isolation != SessionIsolation.Worktree)
        {
            fallbacks.Add($"the session works in place ({StateFileSerializer.IsolationName(state.Isolation)}), not in its own worktree");
        }

        return new SafetyReview(
            chunks.Where(c => c.IsDone).Select(c => c.ChunkId).ToList(),
            chunks.Where(c => c.Status == ChunkVerdictStatus.Partial && !spiral.Contains(c)).Select(c => c.ChunkId).ToList(),
            spiral.Select(c => c.ChunkId).ToList(),
            chunks.Where(c => c.Status == ChunkVerdictStatus.Failed && !spiral.Contains(c)).Select(c => c.ChunkId).ToList(),
            violations,
            fallbacks);
    }
}
