using Orchestrator.Core.Close;
using Orchestrator.Core.Close.Commits;
using Orchestrator.Core.Close.Records;

namespace Orchestrator.Core.Tests.Close;

/// <summary>
/// A close killed after its commit step, before it wrote its records (issue 17, point 9: "a close killed mid-commit
/// later reports without the commit it made"): the next close finds the commit by its session trailer and reports it.
/// </summary>
public sealed class CloseKilledMidCommitTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_next_close_reports_the_commit_a_killed_close_made_and_makes_no_second_one()
    {
        await using var harness = await CloseHarness.CreateAsync(Ct);
        var stateFile = Path.Combine(harness.Project.SessionsDirectory, harness.SessionId, "STATE.md");
        var stateBeforeClose = await File.ReadAllTextAsync(stateFile, Ct);
        var first = await harness.CloseAsync(new CloseRequest(harness.SessionId), Ct);
        var made = Assert.Single(first.Commits);

        // The kill: the commit is on the branch, but none of close's records were written (STATE.md as before it).
        await File.WriteAllTextAsync(stateFile, stateBeforeClose, Ct);
        foreach (var record in new[] { CloseRecordWriter.ReportFileName, CloseRecordWriter.HandoverFileName })
        {
            File.Delete(Path.Combine(harness.Project.SessionsDirectory, harness.SessionId, record));
        }

        var second = await harness.CloseAsync(new CloseRequest(harness.SessionId), Ct);

        Assert.Equal(CommitStatus.Committed, second.CommitStatus);
        var reported = Assert.Single(second.Commits);
        Assert.Equal(made.Sha, reported.Sha);
        Assert.Equal(made.Files, reported.Files);
        Assert.Equal(made.Subject, reported.Subject);
        Assert.Equal(["c1"], reported.ChunkIds);
        Assert.Contains(made.Sha[..8], second.Report, StringComparison.Ordinal);
        Assert.Contains("earlier close of this session", second.Report, StringComparison.Ordinal);
        Assert.Equal(made.Sha, harness.GitIn(harness.WorkTree, "rev-parse", "HEAD"));
    }

    [Fact]
    public async Task A_commit_of_another_session_is_never_reported_as_this_sessions()
    {
        await using var harness = await CloseHarness.CreateAsync(Ct);
        File.WriteAllText(Path.Combine(harness.WorkTree, "other.txt"), "other\n");
        harness.GitIn(harness.WorkTree, "add", "other.txt");
        harness.GitIn(harness.WorkTree, "commit", "-q", "-m", "feat: other\n\n" + EarlierCloseCommits.Trailer + harness.SessionId + "-not-this-one");

        var found = await new EarlierCloseCommits(harness.Git).FindAsync(harness.State, Ct);

        Assert.Empty(found);
    }
}
