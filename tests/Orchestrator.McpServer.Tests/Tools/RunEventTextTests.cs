using Orchestrator.Core.Build.Journal;
using Orchestrator.Core.Build.Journal.Events;
using Orchestrator.Core.Build.Workspaces;
using Orchestrator.McpServer.Tools;

namespace Orchestrator.McpServer.Tests.Tools;

public sealed class RunEventTextTests
{
    /// <summary>build_status's lines for Fixtures/events-v1.jsonl (seq|type|chunk|text), as the server showed them when that journal was written.</summary>
    private const string Expected = """
1|run.started||run started
2|phase.changed||phase execute (iteration 0)
3|attempt.started|c1|executor c1 attempt 1 at haiku
4|attempt.finished|c1|executor c1 attempt 1 blocked: needs the api types
5|attempt.started|c1|executor c1 attempt 2 at haiku
6|attempt.finished|c1|executor c1 attempt 2 succeeded
7|chunk.succeeded|c1|chunk c1 done after 2 attempt(s): added the api
8|attempt.started|c2|executor c2 attempt 1 at sonnet
9|workspace.cleanup_failed|c2|workspace.cleanup_failed
10|attempt.finished|c2|executor c2 attempt 1 blocked: no schema
11|attempt.started|c2|executor c2 attempt 2 at sonnet
12|workspace.cleanup_failed|c2|workspace.cleanup_failed
13|attempt.finished|c2|executor c2 attempt 2 blocked: still no schema
14|attempt.started|c2|executor c2 attempt 3 at opus
15|workspace.cleanup_failed|c2|workspace.cleanup_failed
16|attempt.finished|c2|executor c2 attempt 3 blocked: schema missing
17|chunk.failed|c2|chunk c2 failed after 3 attempt(s): schema missing
18|attempt.started|c3|executor c3 attempt 1 at sonnet
19|attempt.finished|c3|executor c3 attempt 1 succeeded
20|chunk.succeeded|c3|chunk c3 done after 1 attempt(s): added the page
21|chunk.skipped|c4|chunk c4 skipped: dependency failed: c2
22|attempt.started|c5|executor c5 attempt 1 at sonnet
23|attempt.finished|c5|executor c5 attempt 1 failed: scope violation: edited files outside chunk c5: src/other.cs; only src/c5.cs may change
24|attempt.started|c5|executor c5 attempt 2 at sonnet
25|attempt.finished|c5|executor c5 attempt 2 cancelled: cancelled
26|chunk.cancelled|c5|chunk c5 cancelled
27|run.finished||run finished: cancelled (cancelled)
28|run.resumed||run resumed (7 finished attempts replayed)
29|attempt.started|c5|executor c5 attempt 2 at sonnet
30|attempt.finished|c5|executor c5 attempt 2 succeeded
31|chunk.succeeded|c5|chunk c5 done after 2 attempt(s): report page wired
32|phase.changed||phase review (iteration 0)
33|attempt.started|c1|reviewer c1 attempt 1 at sonnet
34|attempt.finished|c1|reviewer c1 attempt 1 succeeded
35|attempt.started|c3|reviewer c3 attempt 1 at sonnet
36|attempt.finished|c3|reviewer c3 attempt 1 succeeded
37|attempt.started|c5|reviewer c5 attempt 1 at sonnet
38|attempt.finished|c5|reviewer c5 attempt 1 succeeded
39|attempt.started||opusReviewer all attempt 1 at opus
40|attempt.finished||opusReviewer all attempt 1 succeeded
41|review.finished||review finished (iteration 0)
42|phase.changed||phase fix (iteration 1)
43|attempt.started|c3|executor c3 attempt 1 at sonnet
44|attempt.finished|c3|executor c3 attempt 1 succeeded
45|chunk.succeeded|c3|chunk c3 done after 1 attempt(s): implemented c3
46|attempt.started|c3|reviewer c3 attempt 1 at sonnet
47|attempt.finished|c3|reviewer c3 attempt 1 succeeded
48|review.finished||review finished (iteration 1)
49|tests.finished||tests.finished
50|run.finished||run finished: completed
""";

    [Fact]
    public void A_review_trees_workspace_events_read_as_the_review_tree_not_as_an_attempt()
    {
        RunEvent[] events =
        [
            new WorkspaceReady { Key = "exec:0:c1:2", ChunkId = "c1", Attempt = 2, Kind = WorkspaceKind.PooledWorktree, DurationMs = 80 },
            new WorkspaceReady { Key = "review:0:c1", ChunkId = "c1", Attempt = 1, Kind = WorkspaceKind.PooledWorktree, DurationMs = 120 },
            new WorkspaceReleased { Key = "review:0:c1", ChunkId = "c1", Attempt = 1, Discarded = true, AgentMs = 900, AfterAgentMs = 40 },
        ];

        Assert.Equal(
            [
                "chunk c1 attempt 2: workspace ready in 80 ms (pooledWorktree)",
                "chunk c1 review tree: workspace ready in 120 ms (pooledWorktree)",
                "chunk c1 review tree: workspace discarded 40 ms after its agent (900 ms)",
            ],
            events.Select(e => RunEventText.From(e).Text));
    }

    [Fact]
    public void Every_event_of_a_journal_written_by_an_earlier_loop_reads_as_the_same_line()
    {
        var directory = Path.Combine(Path.GetTempPath(), "run-event-text-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            File.Copy(Path.Combine(AppContext.BaseDirectory, "Tools", "Fixtures", "events-v1.jsonl"), RunJournal.PathIn(directory));

            var lines = RunJournal.ReadEvents(directory).Select(RunEventText.From).Select(r => $"{r.Seq}|{r.Type}|{r.ChunkId}|{r.Text}");

            Assert.Equal(Expected.Split('\n'), lines);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
