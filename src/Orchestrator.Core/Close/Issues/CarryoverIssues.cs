using System.Text.RegularExpressions;
using System.Text;
using Orchestrator.Core.Agents.Answers;
using Orchestrator.Core.Build.Verification;
using Orchestrator.Core.Close.QualityGate;
using Orchestrator.Core.Close.Verification;
using Orchestrator.Core.Sessions;
using Orchestrator.Core.Trackers;

namespace Orchestrator.Core.Close.Issues;

/// <summary>
/// The issues close files, in the contract's shape: <c>[Carryover] &lt;task&gt;</c> (or <c>[Carryover] [FAILED] ...</c>
/// for a chunk that failed all attempts) with <c>priority:&lt;p&gt;</c> and <c>status:ready</c>, the sections (completed,
/// remaining as checkboxes, context, a concrete Revisit-Trigger, open questions, Relates to #N) and a hidden marker;
/// and the <c>priority:high</c> issue for a failing quality gate.
/// </summary>
public static partial class CarryoverIssues
{
    public const string DefaultPriority = "medium";

    /// <summary>The carryover issue of an unfinished chunk. The marker depends on the work (scope and files), not on the session, so a chunk that keeps failing is filed once.</summary>
    public static IssueDraft ForChunk(SessionState session, ChunkVerdict chunk)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(chunk);
        var failed = chunk.Status == ChunkVerdictStatus.Failed;
        var title = Truncate($"[Carryover] {(failed ? "[FAILED] " : "")}{OneLine(chunk.Scope)}", 120);
        var marker = IssueMarker.For("carryover", [chunk.Scope, .. chunk.Files.Order(StringComparer.Ordinal)]);
        var body = new StringBuilder();
        body.AppendLine($"Carried over from orchestrator session `{session.Session}` ({OneLine(session.Description)}).").AppendLine();
        body.AppendLine("## What was completed");
        body.AppendLine(chunk.Status switch
        {
            ChunkVerdictStatus.Partial => $"- Chunk `{chunk.ChunkId}` ran ({chunk.Evidence}).{(chunk.Summary is null ? "" : $" Agent summary: {OneLine(chunk.Summary)}")}",
            ChunkVerdictStatus.Failed => $"- Nothing was kept: chunk `{chunk.ChunkId}` failed all {chunk.Attempts} attempts (last at {chunk.Model}).",
            _ => $"- Nothing: chunk `{chunk.ChunkId}` did not start ({chunk.Evidence}).",
        });
        body.AppendLine().AppendLine("## What remains");
        body.AppendLine($"- [ ] {OneLine(chunk.Scope)}");
        foreach (var file in chunk.Files)
        {
            body.AppendLine($"- [ ] `{file}`");
        }

        foreach (var finding in chunk.OpenFindings)
        {
            body.AppendLine($"- [ ] Review {finding.Severity.ToString().ToLowerInvariant()}: {OneLine(finding.Title)}{(finding.File is null ? "" : $" (`{finding.File}{(finding.Line is null ? "" : $":{finding.Line}")}`)")}");
        }

        body.AppendLine().AppendLine("## Context for the next session");
        body.AppendLine($"- Session: `{session.Session}`, branch `{session.Branch}`{(session.BaseBranch is null ? "" : $" (base `{session.BaseBranch}`)")}");
        body.AppendLine($"- Chunk: `{chunk.ChunkId}` (wave {chunk.Wave}, tier {chunk.Model}{(chunk.DependsOn.Count > 0 ? $", depends on {string.Join(", ", chunk.DependsOn)}" : "")})");
        if (chunk.RunId is not null)
        {
            body.AppendLine($"- Run: `{chunk.RunId}` (journal `.orchestrator/runs/{chunk.RunId}/events.jsonl`, agent logs in `logs/`)");
        }

        if (chunk.Blocker is not null)
        {
            body.AppendLine($"- Blocker: {OneLine(chunk.Blocker)}");
        }

        body.AppendLine().AppendLine("## Revisit-Trigger");
        body.AppendLine(RevisitTrigger(chunk));
        body.AppendLine().AppendLine("## Open questions");
        var questions = chunk.OpenFindings.Where(f => f.Detail is not null).Select(f => $"- {OneLine(f.Title)}: {OneLine(f.Detail!)}").ToList();
        if (failed)
        {
            questions.Add($"- Is the scope of `{chunk.ChunkId}` too large or underspecified for one agent? Consider splitting it or planning it at a higher tier.");
        }

        body.AppendLine(questions.Count > 0 ? string.Join('\n', questions) : "- None recorded.");
        AppendRelates(body, session);
        body.AppendLine().AppendLine(IssueMarker.Comment(marker));
        return new IssueDraft(title, body.ToString(), [$"priority:{DefaultPriority}", "status:ready"], marker);
    }

    /// <summary>
    /// The carryover of review findings left on a finished chunk (its <see cref="ChunkVerdict.OpenFindings"/>: concerns
    /// are never auto-fixed; deferred or not addressed, they become work for a later session). Keyed by the chunk's
    /// work and the finding titles.
    /// </summary>
    public static IssueDraft ForConcerns(SessionState session, ChunkVerdict chunk)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(chunk);
        var concerns = chunk.OpenFindings;
        var marker = IssueMarker.For("concerns", [chunk.Scope, .. chunk.Files.Order(StringComparer.Ordinal), .. concerns.Select(c => OneLine(c.Title)).Order(StringComparer.Ordinal)]);
        var body = new StringBuilder();
        body.AppendLine($"Review concerns carried over from orchestrator session `{session.Session}` ({OneLine(session.Description)}).").AppendLine();
        body.AppendLine("## What was completed");
        body.AppendLine($"- Chunk `{chunk.ChunkId}` is done and committed ({chunk.Evidence}).");
        body.AppendLine().AppendLine("## What remains");
        foreach (var concern in concerns)
        {
            body.AppendLine($"- [ ] {OneLine(concern.Title)}{(concern.File is null ? "" : $" (`{concern.File}{(concern.Line is null ? "" : $":{concern.Line}")}`)")}{(concern.Detail is null ? "" : $": {OneLine(concern.Detail)}")}");
        }

        body.AppendLine().AppendLine("## Context for the next session");
        body.AppendLine($"- Session: `{session.Session}`, branch `{session.Branch}`; run `{chunk.RunId}`; concerns decision: {session.Gates.Concerns.Decision ?? "not decided"}");
        body.AppendLine().AppendLine("## Revisit-Trigger");
        body.AppendLine($"- The next change to {string.Join(", ", chunk.Files.Take(3).Select(f => $"`{f}`"))}: address these concerns with it.");
        body.AppendLine().AppendLine("## Open questions").AppendLine("- Which of these concerns still apply?");
        AppendRelates(body, session);
        body.AppendLine().AppendLine(IssueMarker.Comment(marker));
        return new IssueDraft(Truncate($"[Carryover] Review concerns: {OneLine(chunk.Scope)}", 120), body.ToString(), ["priority:low", "status:ready"], marker);
    }

    /// <summary>The priority:high issue for a quality gate that failed. One per session and set of failing checks.</summary>
    public static IssueDraft ForFailedGate(SessionState session, QualityGateResult gate, bool committedAnyway)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(gate);
        var failing = gate.Checks.Where(c => c.Failed).Select(c => c.Kind).Concat(gate.DebugArtefacts.Count > 0 ? ["debug-artefacts"] : []).ToList();
        var marker = IssueMarker.For("quality-gate", [session.Session, .. failing]);
        var body = new StringBuilder();
        body.AppendLine($"The quality gate failed when closing orchestrator session `{session.Session}` ({OneLine(session.Description)}) on branch `{session.Branch}`.");
        body.AppendLine(committedAnyway
            ? "The session was committed anyway because `allow_failing_gate` was set."
            : "Nothing was committed: the session's changes are still uncommitted in its work tree.").AppendLine();
        body.AppendLine("## What remains");
        foreach (var check in gate.Checks.Where(c => c.Failed))
        {
            body.AppendLine($"- [ ] Make `{check.Command}` pass ({check.Kind}, {(check.Status == GateCheckStatus.TimedOut ? "timed out" : $"exit code {check.ExitCode}")})");
        }

        foreach (var artefact in gate.DebugArtefacts)
        {
            body.AppendLine($"- [ ] Remove `{artefact.Pattern}` at `{artefact.File}:{artefact.Line}`");
        }

        foreach (var check in gate.Checks.Where(c => c.Failed && c.OutputTail.Length > 0))
        {
            body.AppendLine().AppendLine($"### {check.Kind} output (tail)").AppendLine("```").AppendLine(check.OutputTail).AppendLine("```");
        }

        body.AppendLine().AppendLine("## Revisit-Trigger");
        body.AppendLine($"- Before the next `close` of branch `{session.Branch}`: the failing check(s) above must pass, then run `close` again to commit.");
        AppendRelates(body, session);
        body.AppendLine().AppendLine(IssueMarker.Comment(marker));
        return new IssueDraft(Truncate($"[Quality Gate] {string.Join(", ", failing)} failing after session: {OneLine(session.Description)}", 120),
            body.ToString(), ["priority:high", "status:ready"], marker);
    }

    /// <summary>A <c>[Discovery]</c> issue for a blocker the diff reviewer found (the source files high/critical discovery findings).</summary>
    public static IssueDraft ForReviewFinding(SessionState session, ReviewFinding finding)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(finding);
        var marker = IssueMarker.For("discovery", [finding.File ?? "", OneLine(finding.Title)]);
        var body = new StringBuilder();
        body.AppendLine($"The session reviewer flagged this when closing orchestrator session `{session.Session}` ({OneLine(session.Description)}).").AppendLine();
        body.AppendLine($"**File:** {(finding.File is null ? "(not given)" : $"`{finding.File}{(finding.Line is null ? "" : $":{finding.Line}")}`")}");
        body.AppendLine($"**Severity:** {finding.Severity.ToString().ToLowerInvariant()}");
        if (finding.Detail is not null)
        {
            body.AppendLine($"**Detail:** {OneLine(finding.Detail)}");
        }

        body.AppendLine().AppendLine("## Revisit-Trigger");
        body.AppendLine($"- Before building on {(finding.File is null ? "this code" : $"`{finding.File}`")}: confirm the finding and fix it, or close this issue with the reason it is not a problem.");
        AppendRelates(body, session);
        body.AppendLine().AppendLine(IssueMarker.Comment(marker));
        return new IssueDraft(Truncate($"[Discovery] {OneLine(finding.Title)}", 70), body.ToString(), ["type:discovery", "priority:high", "status:ready"], marker);
    }

    /// <summary>Issue numbers of the session's issues ("#123", "123 bug: crash" -> 123).</summary>
    public static IReadOnlyList<int> IssueNumbers(SessionState session)
    {
        ArgumentNullException.ThrowIfNull(session);
        return session.Issues.Select(i => LeadingNumber().Match(i)).Where(m => m.Success)
            .Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).Distinct().ToList();
    }

    private static string RevisitTrigger(ChunkVerdict chunk)
    {
        if (chunk.Status == ChunkVerdictStatus.NotStarted && chunk.Blocker is { } reason && reason.StartsWith("dependency failed", StringComparison.Ordinal))
        {
            return $"- As soon as the chunk(s) it depends on are done ({reason["dependency failed: ".Length..]}): re-plan `{chunk.ChunkId}` in the next session.";
        }

        if (chunk.Status == ChunkVerdictStatus.Failed)
        {
            return $"- When the blocker is resolved ({OneLine(chunk.Blocker ?? "agent returned no result")}) or the scope is split into smaller chunks; then re-run `{chunk.ChunkId}` (divide + build) starting at a higher tier.";
        }

        if (chunk.OpenFindings.Any())
        {
            return $"- Next session on this code: fix the review finding(s) listed above in {string.Join(", ", chunk.Files.Select(f => $"`{f}`"))} before building on them.";
        }

        return $"- Next session that touches {string.Join(", ", chunk.Files.Take(3).Select(f => $"`{f}`"))}: finish this chunk first.";
    }

    private static void AppendRelates(StringBuilder body, SessionState session)
    {
        var numbers = IssueNumbers(session);
        if (numbers.Count > 0)
        {
            body.AppendLine().AppendLine(string.Join('\n', numbers.Select(n => $"Relates to #{n}")));
        }
    }

    private static string OneLine(string text) => WhiteSpace().Replace(text, " ").Trim();

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..(max - 3)].TrimEnd() + "...";

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhiteSpace();

    [GeneratedRegex(@"^\s*#?(\d+)\b")]
    private static partial Regex LeadingNumber();
}
