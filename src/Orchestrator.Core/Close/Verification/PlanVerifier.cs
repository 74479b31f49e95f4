using System.Text.RegularExpressions;
using Orchestrator.Core.Agents.Answers;
using Orchestrator.Core.Build.Journal;
using Orchestrator.Core.Build.Verification;
using Orchestrator.Core.Planning;
using Orchestrator.Core.Common;

namespace Orchestrator.Core.Close.Verification;

/// <summary>
/// Plan verification: each chunk of the session (from chunks.json and every run) is done, partial, failed or not
/// started, judged from the latest run that ran it; plan.md's list items that no chunk's scope or files mention are
/// reported as uncovered.
/// </summary>
public static partial class PlanVerifier
{
    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "this", "that", "with", "from", "into", "when", "then", "than", "they", "them", "their", "there", "have", "will",
        "should", "would", "could", "each", "every", "also", "only", "some", "make", "sure", "like", "just", "over", "under",
        "file", "files", "code", "implement", "implements", "implementation", "update", "updates", "change", "changes",
    };

    public static PlanVerification Verify(IReadOnlyList<PlannedChunk> sessionChunks, IReadOnlyList<RunEvidence> runs, string? planMarkdown)
    {
        ArgumentNullException.ThrowIfNull(sessionChunks);
        ArgumentNullException.ThrowIfNull(runs);
        var chunks = new List<PlannedChunk>(sessionChunks);
        foreach (var chunk in runs.SelectMany(r => r.Chunks))
        {
            if (!chunks.Any(c => c.Id == chunk.Id))
            {
                chunks.Add(chunk);
            }
        }

        var levels = Levels(chunks);
        var verdicts = chunks.Select(c => Judge(c, levels.GetValueOrDefault(c.Id), runs)).ToList();
        var problems = runs.Where(r => r.Problem is not null).Select(r => $"run {r.RunId}: {r.Problem}").ToList();
        return new PlanVerification(verdicts, Uncovered(planMarkdown, chunks), problems);
    }

    private static ChunkVerdict Judge(PlannedChunk chunk, int level, IReadOnlyList<RunEvidence> runs)
    {
        var planned = new ChunkVerdict(chunk.Id, chunk.Scope, chunk.Files, level + 1, ChunkVerdictStatus.NotStarted,
            "no build run executed this chunk", null, 0, chunk.Tier.ToName(), null, null, null, [], [], chunk.Dependencies);

        // The latest run that got anywhere with the chunk decides (an earlier failure is superseded by a retry); when
        // no run got anywhere, the latest run that knew the chunk explains why it never started.
        var candidates = runs.Reverse()
            .Select(r => (Run: r, Snapshot: r.Snapshot?.Chunks.FirstOrDefault(c => c.Id == chunk.Id)))
            .Where(c => c.Snapshot is not null)
            .ToList();
        var ran = candidates.FirstOrDefault(c => c.Snapshot!.State != ChunkRunState.Pending || c.Snapshot.Attempts > 0);
        var (run, snapshot) = ran.Run is not null ? ran : candidates.FirstOrDefault();
        if (run is null || snapshot is null)
        {
            return planned;
        }

        var perChunk = run.Result?.PerChunk.FirstOrDefault(p => p.ChunkId == chunk.Id);
        var findings = (run.Result?.UnresolvedBlockers ?? run.Snapshot!.Findings.Where(f => f.Severity == FindingSeverity.Blocker).ToList())
            .Concat(run.Result?.Concerns ?? run.Snapshot!.Findings.Where(f => f.Severity == FindingSeverity.Concern).ToList())
            .Where(f => f.ChunkId == chunk.Id)
            .ToList();
        var blockers = findings.Where(f => f.Severity == FindingSeverity.Blocker).ToList();
        var testsPassed = perChunk?.TestsPassed ?? snapshot.TestsPassed;
        var attempts = perChunk?.Attempts ?? snapshot.Attempts;
        var model = (perChunk?.Model ?? snapshot.Model ?? chunk.Tier).ToName();
        var summary = perChunk?.Summary ?? snapshot.Summary;
        var files = snapshot.FilesChanged;
        var filesText = files.Count == 0 ? "no files recorded" : "files: " + string.Join(", ", files);
        var testsText = testsPassed switch { true => "tests passed", false => "tests FAILED", null => "tests not run" };
        // The verdict is the build's own rule; close only words the evidence.
        var judgement = ChunkVerdictRule.Judge(new ChunkEvidence(chunk.Id, snapshot.State, attempts, testsPassed, blockers,
            perChunk?.Blocker ?? snapshot.Blocker, snapshot.SkipReason, files));
        var status = judgement.Status;
        string? blocker = perChunk?.Blocker ?? snapshot.Blocker;
        var evidence = (status, snapshot.State) switch
        {
            (ChunkVerdictStatus.Partial, ChunkRunState.Succeeded) when blockers.Count > 0 =>
                $"run {run.RunId}: executed in {attempts} attempt(s) at {model}, but {blockers.Count} review blocker(s) remain ({blockers[0].Title}); {filesText}",
            (ChunkVerdictStatus.Partial, ChunkRunState.Succeeded) => $"run {run.RunId}: executed in {attempts} attempt(s) at {model}, but {testsText}; {filesText}",
            (ChunkVerdictStatus.Done, _) => $"run {run.RunId}: done in {attempts} attempt(s) at {model}; {testsText}; {filesText}",
            (ChunkVerdictStatus.Failed, _) => $"run {run.RunId}: failed all {attempts} attempt(s) (last at {model}): {judgement.Reason}",
            (_, ChunkRunState.Skipped) => $"run {run.RunId}: skipped ({snapshot.SkipReason})",
            _ => $"run {run.RunId} ({run.Status}) ended while the chunk was {snapshot.State.ToString().ToLowerInvariant()}; {filesText}",
        };
        blocker = (status, snapshot.State) switch
        {
            (ChunkVerdictStatus.Partial, ChunkRunState.Succeeded) => blocker ?? (blockers.Count > 0 ? blockers[0].Title : "tests failed after the chunk"),
            (_, ChunkRunState.Skipped) => snapshot.SkipReason ?? blocker,
            (ChunkVerdictStatus.Done or ChunkVerdictStatus.Failed, _) => blocker,
            _ => blocker ?? $"run {run.Status} before the chunk finished",
        };

        return planned with
        {
            Status = status,
            Evidence = evidence,
            RunId = run.RunId,
            Attempts = attempts,
            Model = model,
            TestsPassed = testsPassed,
            Summary = summary,
            Blocker = status == ChunkVerdictStatus.Done ? null : blocker,
            FilesChanged = files,
            OpenFindings = findings,
        };
    }

    private static Dictionary<string, int> Levels(IReadOnlyList<PlannedChunk> chunks)
    {
        var byId = chunks.GroupBy(c => c.Id).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var level = new Dictionary<string, int>(StringComparer.Ordinal);
        int Of(PlannedChunk chunk, int depth)
        {
            if (level.TryGetValue(chunk.Id, out var known))
            {
                return known;
            }

            // depth guards a cyclic plan that slipped past validation (unreadable chunks.json, hand-edited run).
            known = depth > chunks.Count ? 0 : chunk.Dependencies.Where(byId.ContainsKey).Select(d => Of(byId[d], depth + 1) + 1).DefaultIfEmpty(0).Max();
            level[chunk.Id] = known;
            return known;
        }

        foreach (var chunk in chunks)
        {
            Of(chunk, 0);
        }

        return level;
    }

    private static IReadOnlyList<string> Uncovered(string? planMarkdown, IReadOnlyList<PlannedChunk> chunks)
    {
        if (string.IsNullOrWhiteSpace(planMarkdown) || chunks.Count == 0)
        {
            return [];
        }

        var uncovered = new List<string>();
        foreach (var line in planMarkdown.Split('\n'))
        {
            var match = TopLevelItem().Match(line);
            if (!match.Success)
            {
                continue;
            }

            var item = match.Groups["text"].Value.Trim();
            if (item.Length == 0 || IsCovered(item, chunks))
            {
                continue;
            }

            uncovered.Add(item);
        }

        return uncovered;
    }

    private static bool IsCovered(string item, IReadOnlyList<PlannedChunk> chunks)
    {
        if (chunks.SelectMany(c => c.Files).Any(f => item.Contains(f, StringComparison.OrdinalIgnoreCase)
            || item.Contains(Path.GetFileName(f), StringComparison.OrdinalIgnoreCase)))
        {
            return true;
        }

        var words = Words(item);
        if (words.Count == 0)
        {
            return true;
        }

        var needed = Math.Max(1, (int)Math.Ceiling(words.Count * 0.5));
        return chunks.Any(c => Words(c.Scope + " " + c.Id).Intersect(words).Count() >= needed);
    }

    private static HashSet<string> Words(string text) =>
        WordPattern().Matches(text.ToLowerInvariant()).Select(m => m.Value).Where(w => w.Length >= 4 && !StopWords.Contains(w)).ToHashSet(StringComparer.Ordinal);

    [GeneratedRegex(@"^(?:\d+[.)]|[-*+])\s+(?:\[[ xX]\]\s+)?(?<text>.+)$")]
    private static partial Regex TopLevelItem();

    [GeneratedRegex(@"[a-z0-9_]+")]
    private static partial Regex WordPattern();
}
