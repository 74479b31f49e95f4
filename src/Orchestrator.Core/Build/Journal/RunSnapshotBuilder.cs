using Orchestrator.Core.Agents;
using Orchestrator.Core.Agents.Answers;
using Orchestrator.Core.Build.Attempts;
using Orchestrator.Core.Build.Journal.Events;
using Orchestrator.Core.Build.Runs;
using Orchestrator.Core.Build.Workspaces;

namespace Orchestrator.Core.Build.Journal;

/// <summary>Folds journal events into a <see cref="RunSnapshot"/>; used live by the writer and offline by <see cref="RunJournal"/>.</summary>
internal sealed class RunSnapshotBuilder
{
    private readonly List<string> _chunkOrder = [];
    private readonly Dictionary<string, ChunkSnapshot> _chunks = new(StringComparer.Ordinal);
    private readonly List<ReviewFinding> _findings = [];
    private readonly List<ReviewFinding> _unassigned = [];
    private readonly List<string> _reviewed = [];
    private readonly List<AttemptRecord> _attempts = [];
    private readonly List<ScopeViolation> _scopeViolations = [];
    private RunSnapshot _current = new();

    /// <summary>The state after the last applied event.</summary>
    public RunSnapshot Current => _current;

    /// <summary>Applies one event.</summary>
    public void Apply(RunEvent e)
    {
        var snapshot = _current with { LastSeq = e.Seq };
        switch (e)
        {
            case RunStarted started:
                snapshot = snapshot with { RunId = started.RunId, Status = BuildRunStatus.Running, Phase = "execute", StartedAt = e.Timestamp };
                AddChunks(started);
                break;
            case RunResumed:
                snapshot = snapshot with { Status = BuildRunStatus.Running, StopReason = null, FinishedAt = null };
                foreach (var id in _chunkOrder)
                {
                    // Whatever was in flight when the previous process stopped will be dispatched again.
                    if (_chunks[id].State is ChunkRunState.Running or ChunkRunState.Cancelled)
                    {
                        _chunks[id] = _chunks[id] with { State = ChunkRunState.Pending };
                    }
                }

                break;
            case PhaseChanged phase:
                snapshot = snapshot with { Phase = phase.Phase, Iteration = phase.Iteration };
                break;
            case AttemptStarted { Role: AgentRole.Executor, ChunkId: { } chunkId } attempt:
                Update(chunkId, c => c with { State = ChunkRunState.Running, Attempts = attempt.Attempt, Model = attempt.Tier });
                break;
            case AttemptFinished finished:
                ApplyAttemptFinished(finished);
                snapshot = snapshot with { CostUsd = _attempts.Sum(a => a.CostUsd) };
                break;
            case ChunkSucceeded succeeded:
                Update(succeeded.ChunkId, c => c with
                {
                    State = ChunkRunState.Succeeded,
                    Attempts = succeeded.Attempts,
                    Model = succeeded.Model,
                    Summary = succeeded.Summary,
                    Blocker = null,
                    TestsPassed = succeeded.TestsPassed,
                    FilesChanged = succeeded.FilesChanged,
                });
                break;
            case ChunkFailed failed:
                Update(failed.ChunkId, c => c with
                {
                    State = ChunkRunState.Failed,
                    Attempts = failed.Attempts,
                    Model = failed.Model,
                    Summary = failed.Summary,
                    Blocker = failed.Blocker,
                    TestsPassed = failed.TestsPassed,
                    FilesChanged = failed.FilesChanged,
                });
                break;
            case ChunkSkipped skipped:
                Update(skipped.ChunkId, c => c with { State = ChunkRunState.Skipped, SkipReason = skipped.Reason });
                break;
            case ChunkCancelled cancelled:
                Update(cancelled.ChunkId, c => c with { State = ChunkRunState.Cancelled });
                break;
            case ReviewFinished review:
                ApplyReview(review);
                break;
            case RunFinished finished:
                snapshot = snapshot with { Status = finished.Status, StopReason = finished.StopReason, Phase = "done", FinishedAt = e.Timestamp };
                break;

            // attempt.started of reviewers, workspace.cleanup_failed and tests.finished do not change the snapshot.
        }

        _current = snapshot with
        {
            Chunks = _chunkOrder.Select(id => _chunks[id]).ToList(),
            Findings = _findings.ToList(),
            Unassigned = _unassigned.ToList(),
            Reviewed = _reviewed.ToList(),
            Attempts = _attempts.ToList(),
            ScopeViolations = _scopeViolations.ToList(),
        };
    }

    private void AddChunks(RunStarted started)
    {
        // Prefer the validated chunks (ids trimmed, as events name them); an invalid plan only has the raw waves.
        var ids = started.Chunks?.Select(c => c.Id)
            ?? started.Input?.Waves?.Where(w => w is not null).SelectMany(w => w).Select(c => c?.Id)
            ?? [];
        foreach (var id in ids)
        {
            if (id is not null && !_chunks.ContainsKey(id))
            {
                _chunkOrder.Add(id);
                _chunks[id] = new ChunkSnapshot(id, ChunkRunState.Pending, 0, null, null, null, null, null, []);
            }
        }
    }

    private void ApplyAttemptFinished(AttemptFinished e)
    {
        _attempts.Add(new AttemptRecord(e.ChunkId, e.Attempt, e.Role, e.Tier, e.DurationMs, e.CostUsd, e.Tokens, e.Outcome, e.Reason, e.LogPath) { Discrepancy = e.Discrepancy, FailureClass = e.FailureClass, Worker = e.Worker });
        if (e.ScopeViolations is { Count: > 0 } violations && e.ChunkId is not null)
        {
            _scopeViolations.Add(new ScopeViolation(e.ChunkId, e.Attempt, violations, e.Reason ?? "scope violation"));
        }

        if (e is { Role: AgentRole.Executor, Outcome: AttemptOutcome.Cancelled, ChunkId: { } chunkId })
        {
            Update(chunkId, c => c with { State = ChunkRunState.Cancelled });
        }
    }

    private void ApplyReview(ReviewFinished review)
    {
        var reviewedIds = review.ChunkIds.ToHashSet(StringComparer.Ordinal);
        _findings.RemoveAll(f => reviewedIds.Contains(f.ChunkId));
        _findings.AddRange(review.Findings);
        var unassigned = FindingDeduplicator.Dedupe(_unassigned.Concat(review.Unassigned));
        _unassigned.Clear();
        _unassigned.AddRange(unassigned);
        _reviewed.RemoveAll(reviewedIds.Contains);
        _reviewed.AddRange(review.Reviewed);
    }

    private void Update(string chunkId, Func<ChunkSnapshot, ChunkSnapshot> change)
    {
        if (_chunks.TryGetValue(chunkId, out var chunk))
        {
            _chunks[chunkId] = change(chunk);
        }
    }
}
