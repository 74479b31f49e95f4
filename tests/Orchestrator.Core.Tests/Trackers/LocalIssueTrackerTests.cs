using Orchestrator.Core.Trackers;

namespace Orchestrator.Core.Tests.Trackers;

public sealed class LocalIssueTrackerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Issues_are_numbered_markdown_files_with_frontmatter_found_by_marker()
    {
        var directory = Path.Combine(Path.GetTempPath(), "orch-issues-" + Guid.NewGuid().ToString("N"));
        try
        {
            var tracker = new LocalIssueTracker(directory, TimeProvider.System);
            var first = await tracker.CreateAsync(new IssueDraft("[Carryover] a: \"quoted\"", "body a\n<!-- m-a -->", ["priority:medium", "status:ready"], "m-a"), Ct);
            var second = await tracker.CreateAsync(new IssueDraft("[Carryover] b", "body b\n<!-- m-b -->", ["priority:high"], "m-b"), Ct);

            Assert.Equal((1, 2), (first.Value!.Number, second.Value!.Number));
            Assert.True(File.Exists(Path.Combine(directory, "1.md")));
            var listed = tracker.List();
            Assert.Equal(["[Carryover] a: \"quoted\"", "[Carryover] b"], listed.Select(i => i.Title));
            Assert.Equal(["priority:medium", "status:ready"], listed[0].Labels);
            Assert.Equal("open", listed[0].State);
            Assert.StartsWith("---\nnumber: 1\n", File.ReadAllText(Path.Combine(directory, "1.md")));
            Assert.Equal(2, (await tracker.FindOpenByMarkerAsync("m-b", Ct)).Value!.Number);
            Assert.Null((await tracker.FindOpenByMarkerAsync("m-c", Ct)).Value);

            File.WriteAllText(Path.Combine(directory, "2.md"), File.ReadAllText(Path.Combine(directory, "2.md")).Replace("state: open", "state: closed", StringComparison.Ordinal));
            Assert.Null((await tracker.FindOpenByMarkerAsync("m-b", Ct)).Value);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
