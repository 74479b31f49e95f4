using System.Globalization;
using System.Text;
using Orchestrator.Core.Build.Verification;
using Orchestrator.Core.Close.Commits;
using Orchestrator.Core.Close.Issues;
using Orchestrator.Core.Common;

namespace Orchestrator.Core.Close.Records;

/// <summary>The final report (Completed with evidence, Carried over, New issues, Metrics, Next-session recommendations) and the handover document.</summary>
public static class CloseReport
{
    public static string Build(CloseResult result, string description)
    {
        ArgumentNullException.ThrowIfNull(result);
        var md = new StringBuilder();
        var chunks = result.Verification.Chunks;
        md.AppendLine(CultureInfo.InvariantCulture, $"## Session Summary{(result.AwaitingPublishApproval ? " (awaiting the publish gate: nothing was changed)" : result.DryRun ? " (dry run: nothing was changed)" : "")}");
        md.AppendLine(CultureInfo.InvariantCulture, $"Session `{result.SessionId}`: {description}  ").AppendLine(CultureInfo.InvariantCulture, $"Branch `{result.Branch}` in `{result.WorkTree}`").AppendLine();

        md.AppendLine("### Completed");
        var done = chunks.Where(c => c.IsDone).ToList();
        md.AppendLine(done.Count == 0 ? "- (nothing completed)" : string.Join('\n', done.Select(c => $"- [x] {c.ChunkId}: {c.Scope} — {c.Evidence}")));

        md.AppendLine().AppendLine("### Carried Over");
        var open = chunks.Where(c => !c.IsDone).ToList();
        if (open.Count == 0 && result.Verification.UncoveredPlanItems.Count == 0)
        {
            md.AppendLine("- (nothing)");
        }

        foreach (var chunk in open)
        {
            var issue = result.Issues.FirstOrDefault(i => i.ChunkId == chunk.ChunkId);
            var issueText = issue is null ? "" : issue.Status switch
            {
                IssueStatus.Created => $" — new issue {issue.Reference}",
                IssueStatus.Exists => $" — already filed as {issue.Reference}",
                IssueStatus.WouldCreate => " — would file a carryover issue",
                IssueStatus.Failed => $" — issue NOT filed: {issue.Error}",
                _ => " — no issue filed (create_issues is false)",
            };
            md.AppendLine(CultureInfo.InvariantCulture, $"- [ ] {chunk.ChunkId} ({chunk.Status.ToSnakeCase().Replace('_', ' ')}): {chunk.Scope} — {chunk.Blocker ?? chunk.Evidence}{issueText}");
        }

        foreach (var concerns in result.Issues.Where(i => i.Kind == "concerns"))
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"- [ ] {concerns.ChunkId}: review concerns left on the done chunk — {(concerns.Reference is { } r ? (concerns.Status == IssueStatus.Exists ? $"already filed as {r}" : $"issue {r}") : concerns.Status.ToSnakeCase().Replace('_', ' '))}");
        }

        foreach (var item in result.Verification.UncoveredPlanItems)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"- [ ] plan item not covered by any chunk: {item}");
        }

        md.AppendLine().AppendLine("### New Issues Created");
        var created = result.Issues.Where(i => i.Status is IssueStatus.Created or IssueStatus.WouldCreate).ToList();
        md.AppendLine(created.Count == 0 ? "- (none)" : string.Join('\n', created.Select(i =>
            $"- {(i.Status == IssueStatus.Created ? i.Reference : "(dry run)")}: {i.Title} ({string.Join(", ", i.Labels)})")));
        foreach (var failed in result.Issues.Where(i => i.Status == IssueStatus.Failed).Take(1))
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"- Tracker problem: {failed.Error}");
        }

        md.AppendLine().AppendLine("### Quality Gate");
        md.AppendLine(CultureInfo.InvariantCulture, $"- Gate: **{result.Gate.Status.ToSnakeCase()}** — {result.Gate.Summary}");
        foreach (var check in result.Gate.Checks)
        {
            md.AppendLine(check.Command is null
                ? $"- {check.Kind}: skipped ({check.OutputTail})"
                : $"- {check.Kind}: `{check.Command}` ({check.Source}) — {check.Status.ToSnakeCase()}{(check.ExitCode is { } code ? $", exit {code}" : "")}, {check.DurationMs} ms");
        }

        foreach (var artefact in result.Gate.DebugArtefacts)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"- debug artefact: `{artefact.File}:{artefact.Line}` `{artefact.Pattern}`");
        }

        md.AppendLine(CultureInfo.InvariantCulture, $"- Diff review: {result.Review.Status.ToSnakeCase()}{(result.Review.Reason is null ? "" : $" ({result.Review.Reason})")}{(result.Review.Findings.Count > 0 ? $", {result.Review.Findings.Count} finding(s)" : "")}");
        foreach (var finding in result.Review.Findings)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"  - {finding.Severity.ToString().ToLowerInvariant()}: {finding.Title}{(finding.File is null ? "" : $" (`{finding.File}{(finding.Line is null ? "" : $":{finding.Line}")}`)")}");
        }

        var m = result.Metrics;
        md.AppendLine().AppendLine("### Metrics");
        md.AppendLine(CultureInfo.InvariantCulture, $"- Duration: {TimeSpan.FromSeconds(m.DurationSeconds):g}");
        md.AppendLine(CultureInfo.InvariantCulture, $"- Waves: {m.TotalWaves}; runs: {m.Runs}");
        CloseReportSections.Waves(md, m);
        md.AppendLine(CultureInfo.InvariantCulture, $"- Agents: {m.AgentsDispatched} dispatched; chunks {m.ChunksDone} done, {m.ChunksPartial} partial, {m.ChunksFailed} failed, {m.ChunksNotStarted} not started");
        md.AppendLine(CultureInfo.InvariantCulture, $"- Files changed: {m.FilesChanged}; scope violations: {m.ScopeViolations}");
        md.AppendLine(CultureInfo.InvariantCulture, $"- Tests: {m.Tests.ToSnakeCase()}");
        md.AppendLine(CultureInfo.InvariantCulture, $"- Commits: {CommitLine(result)}");
        foreach (var push in result.Pushes)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"- {(push.Kind == "mirror" ? "Mirror" : "Push")}: {push.Status.ToSnakeCase()} ({push.Remote}{(push.Status == PushStatus.Pushed ? "" : ": " + push.Message)})");
        }

        md.AppendLine(CultureInfo.InvariantCulture, $"- Cost: {CloseReportSections.Dollars(m.CostUsd)}, {m.TotalTokens} tokens ({string.Join(", ", m.Tiers.Select(t => $"{t.Key}: {t.Value.Attempts} attempts, {t.Value.TotalTokens} tokens"))})");
        md.AppendLine(CultureInfo.InvariantCulture, $"- Completion rate: {m.CompletionRate:P0}; carryover ratio {m.CarryoverRatio:P0}");
        md.AppendLine(CultureInfo.InvariantCulture, $"- Snapshots: {(result.DryRun ? "would delete" : "deleted")} {result.Snapshots.SessionRefs.Count} of this session + {result.Snapshots.ExpiredOrphans.Count} expired orphan(s) (scanned {result.Snapshots.Scanned})");
        if (result.StaleWorktreesRemoved.Count > 0)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"- Stale chunk worktrees removed: {result.StaleWorktreesRemoved.Count}");
        }

        if (result.Learnings is { } l)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"- Learnings: {l.New} new, {l.Confirmed} confirmed, {l.Contradicted} contradicted, {l.Pruned} pruned — `.orchestrator/metrics/learnings.jsonl`");
        }

        if (!result.DryRun)
        {
            md.AppendLine("- Metrics written to: `.orchestrator/metrics/sessions.jsonl`");
        }

        if (result.LeftUncommitted.Count > 0)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"- Left uncommitted (not this session's finished work): {string.Join(", ", result.LeftUncommitted.Select(f => $"`{f}`"))}");
        }

        if (result.Problems.Count > 0)
        {
            md.AppendLine().AppendLine("### Problems");
            md.AppendLine(string.Join('\n', result.Problems.Select(p => $"- {p}")));
        }

        CloseReportSections.Safety(md, result);
        CloseReportSections.Discovery(md, result);
        CloseReportSections.Nits(md, result);
        CloseReportSections.Publish(md, result);
        CloseReportSections.Handoff(md, result);
        md.AppendLine().AppendLine("### Next Session Recommendations");
        md.AppendLine(string.Join('\n', Recommendations(result)));
        return md.ToString();
    }

    public static string Handover(CloseResult result, string description)
    {
        ArgumentNullException.ThrowIfNull(result);
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"# Handover: {description}").AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Session `{result.SessionId}`, branch `{result.Branch}`, closed {result.Metrics.EndedAt:u}.").AppendLine();
        md.AppendLine("## Tasks completed");
        md.AppendLine(string.Join('\n', result.Verification.Chunks.Where(c => c.IsDone).Select(c => $"- {c.ChunkId}: {c.Scope}").DefaultIfEmpty("- (none)")));
        md.AppendLine().AppendLine("## Resume point");
        var open = result.Verification.Chunks.Where(c => !c.IsDone).ToList();
        md.AppendLine(open.Count == 0
            ? "- Nothing left from this session's plan."
            : string.Join('\n', open.Select(c => $"- {c.ChunkId} ({c.Status.ToSnakeCase().Replace('_', ' ')}): {c.Scope}{(result.Issues.FirstOrDefault(i => i.ChunkId == c.ChunkId)?.Reference is { } r ? $" — {r}" : "")}")));
        md.AppendLine(CultureInfo.InvariantCulture, $"- Commits: {CommitLine(result)}");
        md.AppendLine().AppendLine("## Metrics");
        md.AppendLine(CultureInfo.InvariantCulture, $"- completion {result.Metrics.CompletionRate:P0}, {result.Metrics.AgentsDispatched} agent attempts, {CloseReportSections.Dollars(result.Metrics.CostUsd)}, gate {result.Gate.Status.ToSnakeCase()}");
        if (result.Handoff is { } handoff)
        {
            md.AppendLine().AppendLine("## Hand-off");
            md.Append(handoff.ToMarkdown());
        }

        md.AppendLine().AppendLine("## Issues");
        md.AppendLine(string.Join('\n', result.Issues.Select(i => $"- {i.Reference ?? "(not filed)"} {i.Title} [{i.Status.ToSnakeCase()}]").DefaultIfEmpty("- opened: none")));
        return md.ToString();
    }

    private static string CommitLine(CloseResult result) => result.CommitStatus switch
    {
        CommitStatus.Committed => $"{result.Commits.Count} on `{result.Branch}` ({string.Join(", ", result.Commits.Select(c => c.Sha[..Math.Min(8, c.Sha.Length)] + " " + c.Subject))})",
        CommitStatus.WouldCommit or CommitStatus.AwaitingApproval when result.PlannedCommits.Count > 0 => $"{(result.CommitStatus == CommitStatus.AwaitingApproval ? "awaiting the publish gate: " : "")}would make {result.PlannedCommits.Count} ({string.Join("; ", result.PlannedCommits.Select(c => $"{c.Subject} [{string.Join(", ", c.Files)}]"))})",
        _ => $"{result.CommitStatus.ToSnakeCase().Replace('_', ' ')}{(result.CommitReason is null ? "" : $": {result.CommitReason}")}",
    };

    private static IEnumerable<string> Recommendations(CloseResult result)
    {
        var lines = new List<string>();
        if (result.CommitStatus == CommitStatus.Blocked)
        {
            lines.Add($"- Priority: make the quality gate pass ({result.Gate.Summary}), then run close again to commit.");
        }

        var failed = result.Verification.Chunks.Where(c => c.Status == ChunkVerdictStatus.Failed).ToList();
        if (failed.Count > 0)
        {
            lines.Add($"- Priority: re-plan the failed chunk(s) {string.Join(", ", failed.Select(c => c.ChunkId))} smaller or at a higher tier.");
        }

        var rest = result.Verification.Chunks.Where(c => c.Status is ChunkVerdictStatus.Partial or ChunkVerdictStatus.NotStarted).ToList();
        if (rest.Count > 0)
        {
            lines.Add($"- Continue: {string.Join(", ", rest.Select(c => c.ChunkId))} (see the carryover issues).");
        }

        lines.Add(lines.Count == 0 ? "- Type: housekeeping or the next feature; this session's plan is complete." : "- Type: feature (finish the carryover first).");
        return lines;
    }
}
