using Orchestrator.Core.Agents.Liveness;

namespace Orchestrator.Core.Tests.Agents;

/// <summary>The spiral watchers over the CLIs' real event shapes (claude stream-json, codex exec --json).</summary>
public sealed class LivenessWatcherTests
{
    private static readonly string Fixtures = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "..", "shared", "reference", "fixtures");

    private static string CodexCommand(string id, string command) =>
        $$$"""{"type":"item.completed","item":{"id":"{{{id}}}","type":"command_execution","command":"{{{command}}}","aggregated_output":"","exit_code":0,"status":"completed"}}""";

    [Fact]
    public void Codex_the_same_command_three_times_is_a_spiral_and_an_edit_in_between_resets_the_count()
    {
        var watcher = new CodexEventWatcher(3);
        Assert.Null(watcher.Observe(CodexCommand("item_1", "/bin/bash -lc 'cat a.txt'")));
        Assert.Null(watcher.Observe(CodexCommand("item_2", "/bin/bash -lc 'cat a.txt'")));
        Assert.Null(watcher.Observe("""{"type":"item.completed","item":{"id":"item_3","type":"file_change","changes":[{"path":"/r/a.txt","kind":"update"}],"status":"completed"}}"""));
        Assert.Null(watcher.Observe(CodexCommand("item_4", "/bin/bash -lc 'cat a.txt'")));
        Assert.Null(watcher.Observe(CodexCommand("item_5", "/bin/bash -lc 'cat a.txt'")));
        Assert.StartsWith("spiral: the agent called command 3 times", watcher.Observe(CodexCommand("item_6", "/bin/bash -lc 'cat a.txt'")), StringComparison.Ordinal);
    }

    [Fact]
    public void The_recorded_streams_of_both_clis_are_not_spirals()
    {
        var codex = new CodexEventWatcher(2);
        var claude = new ClaudeStreamWatcher(2);
        foreach (var file in new[] { "codex-exec-shell-example.jsonl", "codex-exec-apply-patch-example.jsonl", "codex-exec-parallel-example.jsonl", "codex-exec-error-example.jsonl" })
        {
            Assert.All(File.ReadAllLines(Path.Combine(Fixtures, file)), line => Assert.Null(codex.Observe(line)));
        }

        Assert.All(File.ReadAllLines(Path.Combine(Fixtures, "claude-stream-example.jsonl")), line => Assert.Null(claude.Observe(line)));
    }

    [Fact]
    public void Claude_the_same_tool_use_repeated_is_a_spiral_and_other_lines_are_ignored()
    {
        var watcher = new ClaudeStreamWatcher(2);
        const string glob = """{"type":"assistant","message":{"content":[{"type":"tool_use","id":"toolu_1","name":"Glob","input":{"pattern":"*.md"}}]}}""";
        Assert.Null(watcher.Observe("not json at all, but mentions \"tool_use\""));
        Assert.Null(watcher.Observe("""{"type":"user","message":{"content":[{"type":"tool_result","tool_use_id":"toolu_1"}]}}"""));
        Assert.Null(watcher.Observe(glob));
        Assert.Equal("spiral: the agent called Glob 2 times with the same input ({\"pattern\":\"*.md\"}) without changing anything in between", watcher.Observe(glob));
    }
}
