using System.Text.Json;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using Orchestrator.Core.Build;
using Orchestrator.Core.Build.Journal;
using Orchestrator.Core.Build.Runs;
using Orchestrator.McpServer.Tests.Harness;
using Orchestrator.Testing;
using static Orchestrator.Testing.TestChunks;

namespace Orchestrator.McpServer.Tests.Protocol;

/// <summary>orchestrator://runs/{run_id}/result and /events through the SDK's real client.</summary>
public sealed class RunResourcesProtocolTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_finished_runs_result_and_journal_read_as_resources()
    {
        using var repo = TempGitRepository.Create();
        await using var server = await InMemoryMcpServer.StartAsync("2025-11-25", projectDirectory: repo.Root, cancellationToken: Ct);
        var runDirectory = Path.Combine(repo.Root, ".orchestrator", "runs", "run-res-1");
        var input = BuildRunInput.FromChunks("Add a feature", "# Plan", false, [Chunk("c1")]);
        var finished = await new BuildLoop(new ScriptedAgentRunner(), TimeProvider.System)
            .RunAsync(new BuildRunRequest("run-res-1", runDirectory, repo.Root, input, new BuildOptions()), null, Ct);

        var templates = await server.Client.ListResourceTemplatesAsync(cancellationToken: Ct);
        var result = await server.Client.ReadResourceAsync("orchestrator://runs/run-res-1/result", cancellationToken: Ct);
        var events = await server.Client.ReadResourceAsync("orchestrator://runs/run-res-1/events", cancellationToken: Ct);

        Assert.Contains(templates, t => t.UriTemplate == "orchestrator://runs/{run_id}/result");
        Assert.Contains(templates, t => t.UriTemplate == "orchestrator://runs/{run_id}/events");
        Assert.Equal(BuildRunStatus.Completed, finished.Status);
        var resultText = Assert.IsType<TextResourceContents>(Assert.Single(result.Contents));
        Assert.Equal("application/json", resultText.MimeType);
        var json = JsonDocument.Parse(resultText.Text).RootElement;
        Assert.Equal("completed", json.GetProperty("status").GetString());
        Assert.Equal("c1", json.GetProperty("perChunk")[0].GetProperty("chunkId").GetString());
        var lines = Assert.IsType<TextResourceContents>(Assert.Single(events.Contents)).Text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(RunJournal.ReadEvents(runDirectory).Count, lines.Length);
        Assert.Equal("run.started", JsonDocument.Parse(lines[0]).RootElement.GetProperty("type").GetString());
        Assert.Equal(Enumerable.Range(1, lines.Length).Select(i => (long)i), lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("seq").GetInt64()));
    }

    [Fact]
    public async Task An_unknown_run_and_a_run_without_a_result_are_clear_errors()
    {
        using var repo = TempGitRepository.Create();
        await using var server = await InMemoryMcpServer.StartAsync("2025-11-25", projectDirectory: repo.Root, cancellationToken: Ct);
        var running = Path.Combine(repo.Root, ".orchestrator", "runs", "run-live");
        Directory.CreateDirectory(running);
        await File.WriteAllTextAsync(RunJournal.PathIn(running), "{\"seq\":1,\"ts\":\"2026-11-21T09:00:00Z\",\"type\":\"run.started\",\"runId\":\"run-live\"}\n", Ct);

        var unknown = await Assert.ThrowsAnyAsync<McpException>(async () => await server.Client.ReadResourceAsync("orchestrator://runs/run-nope/result", cancellationToken: Ct));
        var unknownEvents = await Assert.ThrowsAnyAsync<McpException>(async () => await server.Client.ReadResourceAsync("orchestrator://runs/run-nope/events", cancellationToken: Ct));
        var noResult = await Assert.ThrowsAnyAsync<McpException>(async () => await server.Client.ReadResourceAsync("orchestrator://runs/run-live/result", cancellationToken: Ct));
        var liveEvents = await server.Client.ReadResourceAsync("orchestrator://runs/run-live/events", cancellationToken: Ct);

        Assert.Contains("No run 'run-nope'", unknown.Message);
        Assert.Contains("session_status", unknown.Message);
        Assert.Contains("No run 'run-nope'", unknownEvents.Message);
        Assert.Contains("has no result yet", noResult.Message);
        Assert.Contains("build_status", noResult.Message);
        Assert.Contains("\"run.started\"", Assert.IsType<TextResourceContents>(Assert.Single(liveEvents.Contents)).Text);
    }
}
