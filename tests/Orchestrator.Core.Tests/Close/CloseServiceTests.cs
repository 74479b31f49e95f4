using System.Text.Json;
using Orchestrator.Core.Agents;
using Orchestrator.Core.Agents.Answers;
using Orchestrator.Core.Build.Workspaces;
using Orchestrator.Core.Close;
using Orchestrator.Core.Common;
using Orchestrator.Core.Close.Records;
using Orchestrator.Core.Options;
using Orchestrator.Core.Sessions;
using Orchestrator.Testing;

namespace Orchestrator.Core.Tests.Close;

public sealed class CloseServiceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task One_done_and_one_failed_chunk_close_into_one_commit_of_the_done_files_and_one_failed_carryover_issue_filed_once()
    {
        await using var harness = await CloseHarness.CreateAsync(Ct, issues: ["#42"]);
        // Unrelated dirty work in the session tree: must stay exactly as it is.
        File.WriteAllText(Path.Combine(harness.WorkTree, "README.md"), "# test repository\nedited by the user\n");
        var baseHead = harness.GitIn(harness.WorkTree, "rev-parse", "HEAD");
        harness.GitIn(harness.Repo.Root, "update-ref", $"refs/so-snapshots/{harness.SessionId}/wave-1", baseHead);
        harness.GitIn(harness.Repo.Root, "update-ref", $"refs/so-snapshots/{harness.SessionId}/wave-2", baseHead);
        harness.GitIn(harness.Repo.Root, "update-ref", "refs/so-snapshots/20260101-000000-old-session-aaaa/wave-1", harness.OldCommit(TimeSpan.FromDays(30)));
        harness.GitIn(harness.Repo.Root, "update-ref", "refs/so-snapshots/20261120-000000-recent-session-bbbb/wave-1", baseHead);
        // A chunk worktree a crashed run of this session left behind.
        var staleRun = ChunkWorktreeLocations.RunFolder(harness.Repo.Root, OrchestratorOptions.Default, harness.SessionId, "run-crashed");
        var staleWorktree = Path.Combine(staleRun, "c9-1");
        Directory.CreateDirectory(staleRun);
        harness.GitIn(harness.Repo.Root, "worktree", "add", "-q", "--detach", staleWorktree, baseHead);

        var first = await harness.CloseAsync(new CloseRequest(harness.SessionId), Ct);

        // Plan verification.
        Assert.Equal(["done", "failed"], first.Verification.Chunks.OrderBy(c => c.ChunkId).Select(c => c.Status.ToSnakeCase()));
        Assert.Contains("failed all 3 attempt(s)", first.Verification.Chunks.Single(c => c.ChunkId == "c2").Evidence);
        Assert.Equal(["Translate messages into Klingon"], first.Verification.UncoveredPlanItems);

        // One commit, exactly the done chunk's file; the failed chunk's file and the user's edit stay out of it.
        Assert.Equal("committed", first.CommitStatus.ToSnakeCase());
        var commit = Assert.Single(first.Commits);
        Assert.Equal([CloseHarness.DoneFile], commit.Files);
        Assert.Equal(commit.Sha, harness.GitIn(harness.WorkTree, "rev-parse", "HEAD"));
        Assert.Equal(baseHead, harness.GitIn(harness.WorkTree, "rev-parse", "HEAD~1"));
        Assert.Equal(CloseHarness.DoneFile, harness.GitIn(harness.WorkTree, "show", "--name-only", "--format=", "HEAD"));
        var message = harness.GitIn(harness.WorkTree, "log", "-1", "--format=%B");
        Assert.StartsWith("feat(src): greeting message for new users", message);
        Assert.Contains("- c1: Greeting message for new users (greeting written)", message);
        Assert.Contains("Refs #42", message);
        Assert.Contains("Carryover: #1", message);
        var status = harness.GitIn(harness.WorkTree, "status", "--porcelain=v1", "--untracked-files=all");
        Assert.Equal("README.md", harness.GitIn(harness.WorkTree, "diff", "--name-only"));
        Assert.Contains("?? " + CloseHarness.FailedFile, status);
        Assert.Equal("", harness.GitIn(harness.WorkTree, "diff", "--cached", "--name-only"));
        Assert.Contains("README.md", first.LeftUncommitted);

        // One [Carryover] [FAILED] issue in the local tracker.
        var issue = Assert.Single(harness.LocalTracker.List());
        Assert.StartsWith("[Carryover] [FAILED] Farewell message when users leave", issue.Title);
        Assert.Equal(["priority:medium", "status:ready"], issue.Labels);
        Assert.Contains("## Revisit-Trigger", issue.Body);
        Assert.Contains("the farewell API does not exist", issue.Body);
        Assert.Contains("- [ ] `src/farewell.txt`", issue.Body);
        Assert.Contains("Relates to #42", issue.Body);
        Assert.Contains($"<!-- {issue.Marker} -->", issue.Body);
        Assert.Equal("created", Assert.Single(first.Issues).Status.ToSnakeCase());

        // Snapshots: this session's and the expired orphan are gone, the recent one of another session stays.
        var refs = harness.GitIn(harness.Repo.Root, "for-each-ref", "--format=%(refname)", "refs/so-snapshots/");
        Assert.Equal("refs/so-snapshots/20261120-000000-recent-session-bbbb/wave-1", refs);
        Assert.Equal(2, first.Snapshots.SessionRefs.Count);
        Assert.Equal(["refs/so-snapshots/20260101-000000-old-session-aaaa/wave-1"], first.Snapshots.ExpiredOrphans);

        // The stale chunk worktree is gone, with its git registration; the session's own worktree stays.
        Assert.Equal([staleWorktree], first.StaleWorktreesRemoved);
        Assert.False(Directory.Exists(staleWorktree));
        var worktrees = harness.GitIn(harness.Repo.Root, "worktree", "list", "--porcelain");
        Assert.DoesNotContain("c9-1", worktrees);
        Assert.Contains(harness.WorkTree, worktrees);

        // Records.
        var state = (await new SessionStore(harness.Project.SessionsDirectory).LoadAsync(harness.SessionId, Ct)).Value!;
        Assert.Equal(SessionStatus.Completed, state.Status);
        Assert.Equal(SessionPhase.Closed, state.Phase);
        Assert.True(state.Updated > harness.State.Updated);
        Assert.True(File.Exists(first.HandoverPath));
        Assert.Equal(first.Report, File.ReadAllText(first.ReportPath!));
        foreach (var section in new[] { "### Completed", "### Carried Over", "### New Issues Created", "### Metrics", "### Next Session Recommendations" })
        {
            Assert.Contains(section, first.Report);
        }

        Assert.Contains("[ ] c2 (failed)", first.Report);
        Assert.Contains("#1: [Carryover] [FAILED]", first.Report);
        var metricsPath = Path.Combine(harness.Project.OrchestratorDirectory, "metrics", "sessions.jsonl");
        using (var metrics = JsonDocument.Parse(File.ReadAllLines(metricsPath).Single()))
        {
            var root = metrics.RootElement;
            Assert.Equal(harness.SessionId, root.GetProperty("session_id").GetString());
            Assert.Equal(1, root.GetProperty("chunks_done").GetInt32());
            Assert.Equal(1, root.GetProperty("chunks_failed").GetInt32());
            Assert.Equal(1, root.GetProperty("commits").GetInt32());
            Assert.Equal(1, root.GetProperty("issues_created").GetInt32());
            Assert.Equal(0.5, root.GetProperty("completion_rate").GetDouble());
            // c1: 1 executor + 1 reviewer; c2: 3 executor attempts, all at the scripted 1000/200 tokens.
            Assert.Equal(5, root.GetProperty("agents_dispatched").GetInt32());
            var tiers = root.GetProperty("tiers");
            Assert.Equal(4, tiers.GetProperty("sonnet").GetProperty("attempts").GetInt32());
            Assert.Equal(1, tiers.GetProperty("opus").GetProperty("attempts").GetInt32());
            Assert.Equal(5 * 1200, root.GetProperty("total_tokens").GetInt64());
        }

        var learnings = Learnings.Read(Path.Combine(harness.Project.OrchestratorDirectory, "metrics", "learnings.jsonl"));
        Assert.Contains(learnings, l => l.Type == "chunk-failure" && l.Subject == "src" && l.Confidence == Learnings.Initial);

        // A second close files no duplicate and commits nothing new.
        var second = await harness.CloseAsync(new CloseRequest(harness.SessionId), Ct);

        Assert.Single(harness.LocalTracker.List());
        Assert.Equal("exists", Assert.Single(second.Issues).Status.ToSnakeCase());
        Assert.Equal(1, Assert.Single(second.Issues).Number);
        Assert.Equal("nothing_to_commit", second.CommitStatus.ToSnakeCase());
        Assert.Equal(commit.Sha, harness.GitIn(harness.WorkTree, "rev-parse", "HEAD"));
        Assert.Equal(2, File.ReadAllLines(metricsPath).Length);
        var confirmed = Learnings.Read(Path.Combine(harness.Project.OrchestratorDirectory, "metrics", "learnings.jsonl"));
        Assert.Equal(0.65, confirmed.Single(l => l.Type == "chunk-failure").Confidence);
    }

    [Fact]
    public async Task Push_and_mirror_go_to_the_origin_and_github_remotes()
    {
        await using var harness = await CloseHarness.CreateAsync(Ct);
        var parent = Path.GetDirectoryName(harness.Repo.Root)!;
        var origin = Path.Combine(parent, "origin.git");
        var mirror = Path.Combine(parent, "github.git");
        harness.GitIn(parent, "init", "-q", "--bare", origin);
        harness.GitIn(parent, "init", "-q", "--bare", mirror);
        harness.GitIn(harness.Repo.Root, "remote", "add", "origin", origin);
        harness.GitIn(harness.Repo.Root, "remote", "add", "github", mirror);

        var result = await harness.CloseAsync(new CloseRequest(harness.SessionId) { Push = true }, Ct);

        var head = Assert.Single(result.Commits).Sha;
        Assert.Equal(head, harness.GitIn(origin, "rev-parse", "refs/heads/" + harness.State.Branch));
        Assert.Equal(head, harness.GitIn(mirror, "rev-parse", "refs/heads/" + harness.State.Branch));
        Assert.Equal([("push", "origin", "pushed"), ("mirror", "github", "pushed")], result.Pushes.Select(p => (p.Kind, p.Remote, p.Status.ToSnakeCase())));
        Assert.Equal("pushed", result.Metrics.Mirror.ToSnakeCase());
        Assert.Contains("- Mirror: pushed (github)", result.Report);
    }

    [Fact]
    public async Task A_failing_test_command_blocks_the_commit_says_why_and_files_a_high_priority_issue()
    {
        await using var harness = await CloseHarness.CreateAsync(Ct, config: "commands:\n  test: \"echo 'boom: 2 tests failed' >&2; exit 3\"\n");
        var head = harness.GitIn(harness.WorkTree, "rev-parse", "HEAD");

        var blocked = await harness.CloseAsync(new CloseRequest(harness.SessionId), Ct);

        Assert.Equal("blocked", blocked.CommitStatus.ToSnakeCase());
        Assert.Contains("test (`echo 'boom: 2 tests failed' >&2; exit 3`) exited with 3", blocked.CommitReason);
        Assert.Empty(blocked.Commits);
        Assert.Equal(head, harness.GitIn(harness.WorkTree, "rev-parse", "HEAD"));
        var test = blocked.Gate.Checks.Single(c => c.Kind == "test");
        Assert.Equal(("failed", 3, "config"), (test.Status.ToSnakeCase(), test.ExitCode, test.Source));
        Assert.Contains("boom: 2 tests failed", test.OutputTail);
        var gateIssue = Assert.Single(harness.LocalTracker.List(), i => i.Title.StartsWith("[Quality Gate]", StringComparison.Ordinal));
        Assert.Equal(["priority:high", "status:ready"], gateIssue.Labels);
        Assert.Contains("Nothing was committed", gateIssue.Body);
        Assert.Contains("make the quality gate pass", blocked.Report);

        var forced = await harness.CloseAsync(new CloseRequest(harness.SessionId) { AllowFailingGate = true }, Ct);

        Assert.Equal("committed", forced.CommitStatus.ToSnakeCase());
        Assert.Equal([CloseHarness.DoneFile], Assert.Single(forced.Commits).Files);
        Assert.Equal(2, harness.LocalTracker.List().Count);
    }

    [Fact]
    public async Task Dry_run_reports_what_would_happen_and_leaves_the_repository_byte_for_byte_unchanged()
    {
        await using var harness = await CloseHarness.CreateAsync(Ct, config: "commands:\n  test: \"exit 0\"\n");
        harness.GitIn(harness.Repo.Root, "update-ref", $"refs/so-snapshots/{harness.SessionId}/wave-1", "HEAD");
        File.WriteAllText(Path.Combine(harness.WorkTree, "README.md"), "dirty\n");
        // The session_start lock has a heartbeat that rewrites its file; a dry run takes no lock, so release it first.
        await harness.Locks.ReleaseAsync(new SessionStore(harness.Project.SessionsDirectory).SessionDirectory(harness.SessionId));
        var before = harness.Fingerprint();

        var result = await harness.CloseAsync(new CloseRequest(harness.SessionId) { DryRun = true, Push = true }, Ct);

        Assert.Equal(before, harness.Fingerprint());
        Assert.True(result.DryRun);
        Assert.Equal("would_commit", result.CommitStatus.ToSnakeCase());
        Assert.Equal([CloseHarness.DoneFile], Assert.Single(result.PlannedCommits).Files);
        Assert.Equal("would_create", Assert.Single(result.Issues).Status.ToSnakeCase());
        Assert.Equal("not_run", result.Gate.Status.ToSnakeCase());
        Assert.Contains("would run `exit 0`", result.Gate.Summary);
        Assert.Single(result.Snapshots.SessionRefs);
        Assert.Null(result.ReportPath);
        Assert.Contains("dry run: nothing was changed", result.Report);
        Assert.Contains("would make 1", result.Report);
    }

    [Fact]
    public async Task The_diff_reviewer_reads_the_session_diff_and_its_findings_are_reported_without_blocking()
    {
        await using var harness = await CloseHarness.CreateAsync(Ct);
        harness.Reviewer.Reviewer("session", ScriptedStep.Findings(
            new ReviewFinding("x", FindingSeverity.Concern, "Greeting is not localised", File: CloseHarness.DoneFile, Line: 1),
            new ReviewFinding("x", FindingSeverity.Blocker, "Greeting leaks the user's email", "prints it", CloseHarness.DoneFile, 1)));
        var factory = new ScriptedRunnerFactory(harness.Reviewer);

        var result = await harness.CloseAsync(new CloseRequest(harness.SessionId), Ct, reviewers: factory);

        Assert.Equal("completed", result.Review.Status.ToSnakeCase());
        Assert.Equal([("session", "Greeting is not localised"), ("session", "Greeting leaks the user's email")], result.Review.Findings.Select(f => (f.ChunkId, f.Title)));
        var discovery = Assert.Single(harness.LocalTracker.List(), i => i.Title.StartsWith("[Discovery]", StringComparison.Ordinal));
        Assert.Equal("[Discovery] Greeting leaks the user's email", discovery.Title);
        Assert.Equal(["type:discovery", "priority:high", "status:ready"], discovery.Labels);
        var job = Assert.Single(harness.Reviewer.Jobs);
        Assert.Equal(AgentRole.Reviewer, job.Role);
        Assert.Contains("+Hello and welcome!", job.Prompt);
        Assert.DoesNotContain("Goodb", job.Prompt);
        Assert.Equal(RunnerKind.Claude, Assert.Single(factory.Requested));
        Assert.Equal("committed", result.CommitStatus.ToSnakeCase());
        Assert.Contains("Greeting is not localised", result.Report);
    }

    [Fact]
    public async Task Concerns_left_on_a_done_chunk_are_carried_over_once_and_the_chunk_is_still_committed()
    {
        await using var harness = await CloseHarness.CreateAsync(Ct,
            reviewOfDoneChunk: new ReviewFinding("c1", FindingSeverity.Concern, "Greeting ignores the locale", "use the user's language", CloseHarness.DoneFile, 1));

        // The user deferred one more finding at the concerns gate; it joins the chunk's concerns issue.
        var store = new SessionStore(harness.Project.SessionsDirectory);
        var state = (await store.LoadAsync(harness.SessionId, Ct)).Value!;
        await store.SaveAsync(state with { DeferredConcerns = [new DeferredConcern(CloseHarness.RunId, "c1", "concern", "Greeting has no tests")] }, Ct);

        var result = await harness.CloseAsync(new CloseRequest(harness.SessionId), Ct);
        var again = await harness.CloseAsync(new CloseRequest(harness.SessionId), Ct);

        Assert.Equal("done", result.Verification.Chunks.Single(c => c.ChunkId == "c1").Status.ToSnakeCase());
        Assert.Equal([CloseHarness.DoneFile], Assert.Single(result.Commits).Files);
        var concerns = Assert.Single(harness.LocalTracker.List(), i => i.Title.StartsWith("[Carryover] Review concerns:", StringComparison.Ordinal));
        Assert.Equal(["priority:low", "status:ready"], concerns.Labels);
        Assert.Contains("- [ ] Greeting ignores the locale (`src/greeting.txt:1`): use the user's language", concerns.Body);
        Assert.Contains("- [ ] Greeting has no tests", concerns.Body);
        Assert.Equal(2, harness.LocalTracker.List().Count);
        Assert.All(again.Issues, i => Assert.Equal("exists", i.Status.ToSnakeCase()));
        Assert.Contains($"Carryover: #1, #2", Assert.Single(result.Commits).Message);
        Assert.Contains("c1: review concerns left on the done chunk — issue #2", result.Report);
    }

    [Fact]
    public async Task Without_a_runner_the_review_is_skipped_with_the_reason()
    {
        await using var harness = await CloseHarness.CreateAsync(Ct);

        var result = await harness.CloseAsync(new CloseRequest(harness.SessionId) { Commit = false, CreateIssues = false }, Ct);

        Assert.Equal(("skipped", "no agent runner is available to this server"), (result.Review.Status.ToSnakeCase(), result.Review.Reason));
        Assert.Equal("skipped", result.CommitStatus.ToSnakeCase());
        Assert.Equal("skipped", Assert.Single(result.Issues).Status.ToSnakeCase());
        Assert.Empty(harness.LocalTracker.List());
    }

    [Fact]
    public async Task A_session_on_the_default_branch_is_not_committed_unless_configured()
    {
        await using var harness = await CloseHarness.CreateAsync(Ct);
        harness.GitIn(harness.WorkTree, "switch", "-q", "--detach");
        harness.GitIn(harness.Repo.Root, "switch", "-q", "--detach");
        harness.GitIn(harness.WorkTree, "switch", "-q", "main");

        var result = await harness.CloseAsync(new CloseRequest(harness.SessionId), Ct);

        Assert.Equal("skipped", result.CommitStatus.ToSnakeCase());
        Assert.Contains("default branch 'main'", result.CommitReason);
        Assert.Empty(result.Commits);
    }
}
