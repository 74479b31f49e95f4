using Microsoft.Extensions.Logging.Abstractions;
using Orchestrator.Core.Close;
using Orchestrator.Core.Close.Commits;
using Orchestrator.Core.Close.Publishing;
using Orchestrator.Core.Common;
using Orchestrator.Core.Gates;
using Orchestrator.Core.Sessions;

namespace Orchestrator.Core.Tests.Close;

/// <summary>
/// The publish gate: close commits or pushes only what the user approved at the gate (the preview close showed), and
/// no approval of another gate, or of an earlier preview, counts. A dry run needs no gate.
/// </summary>
public sealed class PublishGateTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Close_refuses_to_commit_without_the_publish_decision_and_shows_what_it_would_publish()
    {
        await using var harness = await CloseHarness.CreateAsync(Ct);
        var head = harness.GitIn(harness.WorkTree, "rev-parse", "HEAD");

        var result = await harness.CloseAsync(new CloseRequest(harness.SessionId), Ct, approvePublish: false);

        Assert.True(result.AwaitingPublishApproval);
        Assert.Equal(CommitStatus.AwaitingApproval, result.CommitStatus);
        Assert.Empty(result.Commits);
        Assert.Equal(head, harness.GitIn(harness.WorkTree, "rev-parse", "HEAD"));
        Assert.Contains(CloseHarness.DoneFile, harness.GitIn(harness.WorkTree, "status", "--porcelain", "--untracked-files=all"));
        Assert.Empty(harness.LocalTracker.List());
        var preview = Assert.IsType<PublishPreview>(result.Publish);
        Assert.Equal([CloseHarness.DoneFile], preview.Files);
        Assert.Equal("feat(src): greeting message for new users", Assert.Single(preview.Commits).Subject);
        Assert.Empty(preview.Remotes);
        var state = await LoadAsync(harness);
        Assert.Equal(GateState.Open, state.Gates.Publish.Status);
        Assert.Equal(preview.Digest, state.Gates.Publish.Subject);
        Assert.Equal(SessionStatus.Active, state.Status);
        var stored = PublishPreview.Parse(await File.ReadAllTextAsync(Path.Combine(harness.Project.SessionsDirectory, harness.SessionId, PublishPreview.FileName), Ct));
        Assert.Equal(preview.Digest, stored?.Digest);
        Assert.Contains("awaiting the publish gate", result.Report);
        Assert.Contains("- feat(src): greeting message for new users", result.Report);
    }

    [Fact]
    public async Task Approve_then_close_commits_exactly_what_was_shown_and_records_who_decided()
    {
        await using var harness = await CloseHarness.CreateAsync(Ct);
        var awaiting = await harness.CloseAsync(new CloseRequest(harness.SessionId), Ct, approvePublish: false);

        var decided = await harness.DecidePublishAsync("approve", Ct);
        var closed = await harness.CloseAsync(new CloseRequest(harness.SessionId), Ct, approvePublish: false);

        Assert.Equal(("publish", "approved", "user"), (decided.Gate, decided.Status, decided.DecidedBy));
        Assert.False(closed.AwaitingPublishApproval);
        Assert.Equal(CommitStatus.Committed, closed.CommitStatus);
        var commit = Assert.Single(closed.Commits);
        Assert.Equal(awaiting.Publish!.Commits.Single().Files, commit.Files);
        Assert.Equal(awaiting.Publish.Commits.Single().Subject, commit.Subject);
        Assert.Equal("user", closed.PublishDecidedBy);
        Assert.Contains("### Publish", closed.Report);
        var state = await LoadAsync(harness);
        Assert.Equal((GateState.Approved, "user"), (state.Gates.Publish.Status, state.Gates.Publish.DecidedBy));
        Assert.Equal(SessionStatus.Completed, state.Status);
        Assert.Contains("decided-by: \"user\"", await File.ReadAllTextAsync(Path.Combine(harness.Project.SessionsDirectory, harness.SessionId, "STATE.md"), Ct));
    }

    [Fact]
    public async Task Approvals_of_earlier_gates_and_of_an_earlier_preview_never_count()
    {
        await using var harness = await CloseHarness.CreateAsync(Ct);
        var approved = new GateState(GateState.Approved, "approve", "user", null, DateTimeOffset.UtcNow);
        var store = new SessionStore(harness.Project.SessionsDirectory);
        var state = await LoadAsync(harness);
        await store.SaveAsync(state with
        {
            Gates = new SessionGates(approved, approved, approved) { Publish = approved with { Subject = "sha256:an-earlier-preview" } },
        }, Ct);

        var refusedEarly = await harness.Service().CloseAsync(harness.Project, new CloseRequest(harness.SessionId), Ct);
        Assert.True(refusedEarly.Succeeded, refusedEarly.Error?.Message);
        Assert.True(refusedEarly.Value.AwaitingPublishApproval);
        Assert.Empty(refusedEarly.Value.Commits);

        // Approved, then the files change before close runs again: the approval was for the old content.
        await harness.DecidePublishAsync("approve", Ct);
        await File.AppendAllTextAsync(Path.Combine(harness.WorkTree, CloseHarness.DoneFile), "and one more line\n", Ct);
        var changed = await harness.CloseAsync(new CloseRequest(harness.SessionId), Ct, approvePublish: false);

        Assert.True(changed.AwaitingPublishApproval);
        Assert.NotEqual(refusedEarly.Value.Publish!.Digest, changed.Publish!.Digest);
        Assert.Equal(GateState.Open, (await LoadAsync(harness)).Gates.Publish.Status);
        Assert.Single(harness.GitIn(harness.WorkTree, "log", "--format=%H").Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task The_publish_gate_cannot_be_decided_before_close_opens_it_and_stop_publishes_nothing()
    {
        await using var harness = await CloseHarness.CreateAsync(Ct);
        var gates = new GateService(new SessionWriter(harness.Locks, TimeProvider.System), TimeProvider.System,
            NullLogger<GateService>.Instance);

        var early = await gates.DecideAsync(harness.Project, harness.SessionId, "publish", "approve", null, "client", Ct);
        await harness.CloseAsync(new CloseRequest(harness.SessionId) { Push = true }, Ct, approvePublish: false);
        var refine = await gates.DecideAsync(harness.Project, harness.SessionId, "publish", "refine", null, "client", Ct);
        await harness.DecidePublishAsync("stop", Ct);
        var again = await harness.CloseAsync(new CloseRequest(harness.SessionId) { Push = true }, Ct, approvePublish: false);
        var unpublished = await harness.CloseAsync(new CloseRequest(harness.SessionId) { Commit = false }, Ct, approvePublish: false);

        Assert.Equal(ErrorCode.GateNotApproved, early.Error?.Code);
        Assert.Contains("call close with commit or push", early.Error?.Message);
        Assert.Equal(ErrorCode.InvalidArgument, refine.Error?.Code);
        Assert.True(again.AwaitingPublishApproval);
        Assert.Equal(["origin"], again.Publish!.Remotes);
        Assert.False(unpublished.AwaitingPublishApproval);
        Assert.Null(unpublished.Publish);
        Assert.Equal(CommitStatus.Skipped, unpublished.CommitStatus);
        Assert.Empty(unpublished.Pushes);
        Assert.Single(harness.GitIn(harness.WorkTree, "log", "--format=%H").Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task A_dry_run_needs_no_gate_and_opens_none()
    {
        await using var harness = await CloseHarness.CreateAsync(Ct);

        var dry = await harness.CloseAsync(new CloseRequest(harness.SessionId) { DryRun = true, Push = true }, Ct, approvePublish: false);

        Assert.False(dry.AwaitingPublishApproval);
        Assert.Equal(CommitStatus.WouldCommit, dry.CommitStatus);
        Assert.Equal(GateState.NotOpened, (await LoadAsync(harness)).Gates.Publish.Status);
    }

    [Fact]
    public void The_publish_gate_and_its_subject_round_trip_through_STATE_md_and_stay_out_until_opened()
    {
        var state = new SessionState
        {
            Branch = "wip-x", StartedAt = DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture),
            Session = "20260101-000000-x-0000", Description = "x", ProjectRoot = "/r", WorkTree = "/r",
        };
        var opened = state with { Gates = state.Gates with { Publish = new GateState(GateState.Open, Subject: "sha256:abc") } };

        var parsed = StateFileSerializer.Parse(StateFileSerializer.Format(opened), "STATE.md").Value!;

        Assert.DoesNotContain("publish", StateFileSerializer.Format(state));
        Assert.Equal(opened.Gates.Publish, parsed.Gates.Publish);
        Assert.Contains("subject: \"sha256:abc\"", StateFileSerializer.Format(opened));
    }

    private static async Task<SessionState> LoadAsync(CloseHarness harness) =>
        (await new SessionStore(harness.Project.SessionsDirectory).LoadAsync(harness.SessionId, Ct)).Value!;
}
