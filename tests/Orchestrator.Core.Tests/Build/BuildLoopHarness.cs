using System.Text.Json;
using Orchestrator.Core.Build;
using Orchestrator.Core.Build.Journal;
using Orchestrator.Core.Build.Runs;
using Orchestrator.Core.Build.Workspaces;
using Orchestrator.Core.Planning;
using Orchestrator.Testing;

namespace Orchestrator.Core.Tests.Build;

/// <summary>A temp run directory and session tree plus helpers to run the loop with a scripted runner.</summary>
internal sealed class BuildLoopHarness : IDisposable
{
    private static int s_counter;

    public BuildLoopHarness()
    {
        Root = Path.Combine(Path.GetTempPath(), "engine-tests", $"{Environment.ProcessId}-{Interlocked.Increment(ref s_counter)}-{Guid.NewGuid():N}");
        WorkingDirectory = Path.Combine(Root, "repo");
        RunDirectory = Path.Combine(Root, "runs", "run-1");
        Directory.CreateDirectory(WorkingDirectory);
    }

    public string Root { get; }

    public string WorkingDirectory { get; }

    public string RunDirectory { get; }

    public TimeProvider Time { get; init; } = TimeProvider.System;

    public static BuildRunInput Input(params ChunkDefinition[][] waves) =>
        new("Add a feature", "# Plan\n1. do things", false, TestChunks.Waves(waves));

    public BuildRunRequest Request(BuildRunInput input, BuildOptions? options = null, string? runDirectory = null) =>
        new("run-1", runDirectory ?? RunDirectory, WorkingDirectory, input, options ?? new BuildOptions());

    public Task<BuildRunResult> RunAsync(ScriptedAgentRunner runner, BuildRunInput input, BuildOptions? options = null, RunEventBroadcaster? events = null, CancellationToken cancellationToken = default, IChunkWorkspaceProvider? workspaces = null) =>
        new BuildLoop(runner, Time, workspaces).RunAsync(Request(input, options), events, cancellationToken);

    public IReadOnlyList<RunEvent> Events(string? runDirectory = null) => RunJournal.ReadEvents(runDirectory ?? RunDirectory);

    /// <summary>Waits (event-driven) until the live snapshot satisfies <paramref name="condition"/>.</summary>
    public static async Task WaitForAsync(RunEventBroadcaster events, Func<RunSnapshot, bool> condition, CancellationToken cancellationToken)
    {
        var seq = 0L;
        while (events.Snapshot is not { } snapshot || !condition(snapshot))
        {
            var next = await events.WaitForEventsAfterAsync(seq, TimeSpan.FromSeconds(30), cancellationToken);
            if (next.Count == 0)
            {
                throw new TimeoutException("the run did not reach the expected state");
            }

            seq = next[^1].Seq;
        }
    }

    public static string Json<T>(T value) => JsonSerializer.Serialize(value, TestJson.Options);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp folder left behind does not fail a test.
        }
    }
}
