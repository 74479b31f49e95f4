using Orchestrator.Core.Build.Runs;
using Orchestrator.Core.Close.Commits;
using Orchestrator.Core.Common;
using Orchestrator.Core.Sessions;

namespace Orchestrator.Core.Close.Records;

/// <summary>Close's <see cref="Handoff"/>: what the session leaves behind, from the result close just built.</summary>
public static class CloseHandoffBuilder
{
    public static Handoff Build(SessionState state, CloseResult result)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(result);
        var chunks = result.Verification.Chunks;
        var done = chunks.Count(c => c.IsDone);
        var outcome = $"{done}/{chunks.Count} chunks done; {CommitText(result)}; quality gate {result.Gate.Status.ToSnakeCase()}; " +
            $"{result.Issues.Count(i => i.Status == Issues.IssueStatus.Created)} issue(s) filed";
        var committed = result.CommitStatus switch
        {
            CommitStatus.Committed => $"{result.Commits.Count} commit(s): {string.Join(", ", result.Commits.Select(c => c.Sha[..Math.Min(8, c.Sha.Length)]))}",
            _ => $"nothing committed ({result.CommitStatus.ToSnakeCase().Replace('_', ' ')}{(result.CommitReason is null ? "" : ": " + result.CommitReason)})",
        };
        var pushed = result.Pushes.Where(p => p.Kind == "push").Select(p => $"; push to {p.Remote}: {p.Status.ToSnakeCase()}").FirstOrDefault() ?? "";
        var test = result.Gate.Checks.FirstOrDefault(c => c.Kind == "test");
        var tests = test is null ? "not run" : test.Command is null ? "no test command" : $"{test.Status.ToSnakeCase()} (`{test.Command}`)";
        var caveats = new List<string>();
        caveats.AddRange(state.DeferredConcerns.Select(d => $"deferred concern: {d.ChunkId}: {d.Title}{(d.File is null ? "" : $" ({d.File})")}"));
        caveats.AddRange(chunks.Where(c => !c.IsDone).Select(c => $"manual handling: {c.ChunkId} {c.Status.ToSnakeCase().Replace('_', ' ')}: {c.Blocker ?? c.Scope}"));
        caveats.AddRange(result.Nits.Select(n => "nit: " + RunHandoffBuilder.Describe(n)));
        caveats.AddRange(result.Discoveries.Where(d => d.IsFiled).Select(d => "discovery: " + d));
        caveats.AddRange(result.Drift.Select(d => "doc drift: " + d));
        if (result.AwaitingPublishApproval)
        {
            caveats.Add("the publish gate is open: nothing is committed or pushed until the user approves it");
        }

        return new Handoff(outcome,
            chunks.Select(c => new HandoffChunk(c.ChunkId, c.Status.ToSnakeCase(), c.FilesChanged.Count > 0 ? c.FilesChanged : c.IsDone ? c.Files : [])).ToList(),
            result.Branch, committed + pushed, result.LeftUncommitted, tests, caveats);
    }

    private static string CommitText(CloseResult result) => result.CommitStatus switch
    {
        CommitStatus.Committed => $"{result.Commits.Count} commit(s) on {result.Branch}",
        CommitStatus.AwaitingApproval => "awaiting the publish gate",
        _ => "commit " + result.CommitStatus.ToSnakeCase(),
    };
}
