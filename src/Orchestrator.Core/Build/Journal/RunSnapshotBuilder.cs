using System.Text.Json;
using Orchestrator.Core.Agents;
using Orchestrator.Core.Agents.Answers;
using Orchestrator.Core.Build.Attempts;
using Orchestrator.Core.Build.Runs;
using Orchestrator.Core.Build.Workspaces;
using Orchestrator.Core.Common;

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
        var data = e.Data;
        var snapshot = _current with { LastSeq = e.Seq };
        switch (e.Type)
        {
            case RunEventTypes.RunStarted:
                snapshot = snapshot with
                {
                    RunId = String(data, "runId") ?? string.Empty,
                    Status = BuildRunStatus.Running,
                    Phase = "execute",
                    StartedAt = e.Timestamp,
                };
                // Prefer the validated chunks (ids trimmed, as events name them); an invalid plan only has the raw waves.
                IEnumerable<JsonElement> chunks = data.TryGetProperty("chunks", out var validated) && validated.ValueKind == JsonValueKind.Array
                    ? validated.EnumerateArray()
                    : data.TryGetProperty("input", out var input) && input.TryGetProperty("waves", out var waves) && waves.ValueKind == JsonValueKind.Array
                        ? waves.EnumerateArray().Where(w => w.ValueKind == JsonValueKind.Array).SelectMany(w => w.EnumerateArray())
                        : [];
                foreach (var chunk in chunks.Where(c => c.ValueKind == JsonValueKind.Object))
                {
                    var id = String(chunk, "id");
                    if (id is not null && !_chunks.ContainsKey(id))
                    {
                        _chunkOrder.Add(id);
                        _chunks[id] = new ChunkSnapshot(id, ChunkRunState.Pending, 0, null, null, null, null, null, []);
                    }
                }

                break;
            case RunEventTypes.RunResumed:
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
            case RunEventTypes.PhaseChanged:
                snapshot = snapshot with { Phase = String(data, "phase") ?? snapshot.Phase, Iteration = Int(data, "iteration") ?? snapshot.Iteration };
                break;
            case RunEventTypes.AttemptStarted:
                if (Role(data) == AgentRole.Executor && String(data, "chunkId") is { } startedId && _chunks.TryGetValue(startedId, out var started))
                {
                    _chunks[startedId] = started with { State = ChunkRunState.Running, Attempts = Int(data, "attempt") ?? 0, Model = Tier(data, "tier") };
                }

                break;
            case RunEventTypes.AttemptFinished:
                ApplyAttemptFinished(data);
                snapshot = snapshot with { CostUsd = _attempts.Sum(a => a.CostUsd) };
                break;
            case RunEventTypes.ChunkSucceeded:
                Update(data, c => c with
                {
                    State = ChunkRunState.Succeeded,
                    Attempts = Int(data, "attempts") ?? c.Attempts,
                    Model = Tier(data, "model") ?? c.Model,
                    Summary = String(data, "summary"),
                    Blocker = null,
                    TestsPassed = Bool(data, "testsPassed"),
                    FilesChanged = Strings(data, "filesChanged"),
                });
                break;
            case RunEventTypes.ChunkFailed:
                Update(data, c => c with
                {
                    State = ChunkRunState.Failed,
                    Attempts = Int(data, "attempts") ?? c.Attempts,
                    Model = Tier(data, "model") ?? c.Model,
                    Summary = String(data, "summary"),
                    Blocker = String(data, "blocker"),
                    TestsPassed = Bool(data, "testsPassed"),
                    FilesChanged = Strings(data, "filesChanged"),
                });
                break;
            case RunEventTypes.ChunkSkipped:
                Update(data, c => c with { State = ChunkRunState.Skipped, SkipReason = String(data, "reason") });
                break;
            case RunEventTypes.ChunkCancelled:
                Update(data, c => c with { State = ChunkRunState.Cancelled });
                break;
            case RunEventTypes.ReviewFinished:
                ApplyReview(data);
                break;
            case RunEventTypes.RunFinished:
                snapshot = snapshot with
                {
                    Status = Enum.TryParse<BuildRunStatus>(String(data, "status"), ignoreCase: true, out var status) ? status : BuildRunStatus.Completed,
                    StopReason = String(data, "stopReason"),
                    Phase = "done",
                    FinishedAt = e.Timestamp,
                };
                break;
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

    private void ApplyAttemptFinished(JsonElement data)
    {
        var chunkId = String(data, "chunkId");
        var attempt = Int(data, "attempt") ?? 1;
        var role = Role(data) ?? AgentRole.Executor;
        var outcome = Enum.TryParse<AttemptOutcome>(String(data, "outcome"), ignoreCase: true, out var parsed) ? parsed : AttemptOutcome.Failed;
        var tokens = data.TryGetProperty("tokens", out var t) && t.ValueKind == JsonValueKind.Object
            ? t.Deserialize(BuildJson.TypeInfo<TokenUsage>()) ?? TokenUsage.None
            : TokenUsage.None;
        _attempts.Add(new AttemptRecord(
            chunkId,
            attempt,
            role,
            Tier(data, "tier") ?? ModelTier.Sonnet,
            data.TryGetProperty("durationMs", out var d) && d.TryGetInt64(out var ms) ? ms : 0,
            data.TryGetProperty("costUsd", out var c) && c.TryGetDecimal(out var cost) ? cost : 0m,
            tokens,
            outcome,
            String(data, "reason"),
            String(data, "logPath")));

        var violations = Strings(data, "scopeViolations");
        if (violations.Count > 0 && chunkId is not null)
        {
            _scopeViolations.Add(new ScopeViolation(chunkId, attempt, violations, String(data, "reason") ?? "scope violation"));
        }

        if (role == AgentRole.Executor && outcome == AttemptOutcome.Cancelled && chunkId is not null && _chunks.TryGetValue(chunkId, out var chunk))
        {
            _chunks[chunkId] = chunk with { State = ChunkRunState.Cancelled };
        }
    }

    private void ApplyReview(JsonElement data)
    {
        var reviewedIds = Strings(data, "chunkIds").ToHashSet(StringComparer.Ordinal);
        _findings.RemoveAll(f => reviewedIds.Contains(f.ChunkId));
        _findings.AddRange(Findings(data, "findings"));
        var unassigned = FindingDeduplicator.Dedupe(_unassigned.Concat(Findings(data, "unassigned")));
        _unassigned.Clear();
        _unassigned.AddRange(unassigned);
        _reviewed.RemoveAll(reviewedIds.Contains);
        _reviewed.AddRange(Strings(data, "reviewed"));
    }

    private void Update(JsonElement data, Func<ChunkSnapshot, ChunkSnapshot> change)
    {
        if (String(data, "chunkId") is { } id && _chunks.TryGetValue(id, out var chunk))
        {
            _chunks[id] = change(chunk);
        }
    }

    private static List<ReviewFinding> Findings(JsonElement data, string name) =>
        data.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array
            ? value.Deserialize(BuildJson.TypeInfo<List<ReviewFinding>>()) ?? []
            : [];

    internal static string? String(JsonElement data, string name) =>
        data.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    internal static int? Int(JsonElement data, string name) =>
        data.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) ? number : null;

    internal static bool? Bool(JsonElement data, string name) =>
        data.TryGetProperty(name, out var value) && value.ValueKind is JsonValueKind.True or JsonValueKind.False ? value.GetBoolean() : null;

    internal static IReadOnlyList<string> Strings(JsonElement data, string name) =>
        data.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!).ToList()
            : [];

    internal static ModelTier? Tier(JsonElement data, string name) =>
        ModelTiers.TryParse(String(data, name), out var tier) ? tier : null;

    internal static AgentRole? Role(JsonElement data) =>
        Enum.TryParse<AgentRole>(String(data, "role"), ignoreCase: true, out var role) ? role : null;
}
