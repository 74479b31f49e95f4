using Orchestrator.Core.Agents.Answers;
using Orchestrator.Core.Build.Journal;

namespace Orchestrator.Core.Build.Verification;

/// <summary>
/// The one rule for a chunk's verdict, from the evidence a run recorded: how its ladder ended (agent answer, actual
/// diff, scope check), the server-run tests and the review. build_status, build_result, the dashboard, close's plan
/// verification and the metrics all ask here, so a chunk the build calls done is the chunk close commits.
/// </summary>
public static class ChunkVerdictRule
{
    /// <summary>The verdict of one chunk.</summary>
    public static ChunkJudgement Judge(ChunkEvidence evidence)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        var (status, reason) = evidence.State switch
        {
            ChunkRunState.Succeeded when evidence.OpenBlockers.Count > 0 =>
                (ChunkVerdictStatus.Partial, $"{evidence.OpenBlockers.Count} review blocker(s) remain ({evidence.OpenBlockers[0].Title})"),
            ChunkRunState.Succeeded when evidence.TestsPassed == false => (ChunkVerdictStatus.Partial, "tests failed after the chunk"),
            ChunkRunState.Succeeded => (ChunkVerdictStatus.Done, (string?)null),
            ChunkRunState.Failed => (ChunkVerdictStatus.Failed, evidence.Blocker ?? AgentOutputParser.NoResult),
            ChunkRunState.Skipped => (ChunkVerdictStatus.NotStarted, evidence.SkipReason ?? "skipped"),
            // Pending, running or cancelled when the run stopped: what it left behind decides.
            _ => (evidence.FilesChanged.Count > 0 ? ChunkVerdictStatus.Partial : ChunkVerdictStatus.NotStarted, evidence.Blocker ?? "the run ended before the chunk finished"),
        };
        return new ChunkJudgement(evidence.ChunkId, status, evidence.Attempts, reason);
    }

    /// <summary>The verdict of every chunk of a folded run, in plan order.</summary>
    public static IReadOnlyList<ChunkJudgement> JudgeRun(RunSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return snapshot.Chunks.Select(c => Judge(ChunkEvidence.Of(c, snapshot.Findings))).ToList();
    }

    /// <summary>
    /// The text that leads a run's summary with what failed: "3 of 4 chunks done; c2 failed after 3 attempts: ...".
    /// </summary>
    public static string Summary(IReadOnlyList<ChunkJudgement> verdicts)
    {
        ArgumentNullException.ThrowIfNull(verdicts);
        var done = verdicts.Count(v => v.IsDone);
        var parts = new List<string> { $"{done} of {verdicts.Count} chunk(s) done" };
        foreach (var verdict in verdicts.Where(v => !v.IsDone))
        {
            parts.Add(verdict.Status switch
            {
                ChunkVerdictStatus.Failed => $"{verdict.ChunkId} failed after {verdict.Attempts} attempt(s): {Excerpt(verdict.Reason)}",
                ChunkVerdictStatus.Partial => $"{verdict.ChunkId} partial: {Excerpt(verdict.Reason)}",
                _ => $"{verdict.ChunkId} not started: {Excerpt(verdict.Reason)}",
            });
        }

        return string.Join("; ", parts);
    }

    private static string Excerpt(string? text)
    {
        var line = (text ?? "").ReplaceLineEndings(" ").Trim();
        return line.Length <= 200 ? line : line[..200] + "...";
    }
}
