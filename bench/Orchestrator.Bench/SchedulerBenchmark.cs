using System.Diagnostics;
using Orchestrator.Core.Agents;
using Orchestrator.Core.Build;
using Orchestrator.Core.Build.Journal;
using Orchestrator.Core.Build.Journal.Events;
using Orchestrator.Core.Build.Runs;
using Orchestrator.Core.Build.Scheduling;
using Orchestrator.Core.Planning;
using Orchestrator.Testing;

namespace Orchestrator.Bench;

/// <summary>
/// Scheduler efficiency on synthetic DAGs: makespan against the critical-path lower bound and against the wave
/// barrier, at unbounded and bounded parallelism, and the engine's overhead per dispatch with zero-length agents.
/// The journal (fsync per event) is on in every run, in a temp directory, because it is part of the real cost.
/// </summary>
internal static class SchedulerBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var chunks = IntArg(args, "--chunks", 200);
        var seed = IntArg(args, "--seed", 42);
        var waves = IntArg(args, "--waves", 10);
        var root = Path.Combine(Path.GetTempPath(), $"orchestrator-bench-{Environment.ProcessId}");
        Directory.CreateDirectory(root);
        try
        {
            Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}");
            Console.WriteLine($"journal: {root} (fsync per event)");
            Console.WriteLine($"fsync: {MeasureFsync(root).TotalMilliseconds:0.000} ms per append (median of 200)");
            Console.WriteLine();

            var (plan, durations) = SyntheticPlanGenerator.RandomDag(chunks, waves, maxDependencies: 3, TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(500), seed);
            var criticalPath = SyntheticPlanGenerator.CriticalPath(plan, durations);
            var totalWork = durations.Values.Aggregate(TimeSpan.Zero, (a, b) => a + b);
            var waveBound = SyntheticPlanGenerator.WaveBarrierBound(plan, durations);
            Console.WriteLine($"plan: {chunks} chunks, {waves} waves, 1-3 random dependencies on earlier waves, durations 100-500 ms, seed {seed}");
            Console.WriteLine($"critical path (lower bound, unbounded): {criticalPath.TotalMilliseconds:0} ms; total work {totalWork.TotalMilliseconds:0} ms; wave-barrier ideal {waveBound.TotalMilliseconds:0} ms");
            Console.WriteLine();

            // Warm-up (JIT, thread pool) so the first measured run is not penalised.
            await MeasureAsync(root, "warm-up", plan, durations, null, SchedulingMode.Dag, TimeSpan.FromMilliseconds(1));

            Console.WriteLine("| mode | maxParallel | makespan (ms) | lower bound (ms) | vs lower bound | max concurrent |");
            Console.WriteLine("|---|---|---|---|---|---|");
            foreach (var (mode, limit) in new (SchedulingMode, int?)[] { (SchedulingMode.Dag, null), (SchedulingMode.Waves, null), (SchedulingMode.Dag, 4), (SchedulingMode.Waves, 4) })
            {
                var bound = limit is { } p ? Max(criticalPath, totalWork / p) : criticalPath;
                var m = await MeasureAsync(root, $"{mode}", plan, durations, limit, mode, null);
                Console.WriteLine($"| {mode.ToString().ToLowerInvariant()} | {(limit?.ToString() ?? "unbounded")} | {m.Makespan.TotalMilliseconds:0} | {bound.TotalMilliseconds:0} | {Percent(m.Makespan, bound)} | {m.MaxConcurrent} |");
            }

            Console.WriteLine();
            Console.WriteLine("| overhead run | dispatches | wall (ms) | per dispatch (ms) |");
            Console.WriteLine("|---|---|---|---|");
            foreach (var (label, limit) in new (string, int?)[] { ("zero-length agents, unbounded", null), ("zero-length agents, maxParallel 4", 4), ("zero-length agents, maxParallel 1", 1) })
            {
                var m = await MeasureAsync(root, label, plan, durations, limit, SchedulingMode.Dag, TimeSpan.Zero);
                Console.WriteLine($"| {label} | {m.Dispatches} | {m.WallTime.TotalMilliseconds:0} | {m.WallTime.TotalMilliseconds / m.Dispatches:0.000} |");
            }

            return 0;
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static async Task<MakespanMeasurement> MeasureAsync(
        string root,
        string label,
        IReadOnlyList<IReadOnlyList<ChunkDefinition>> plan,
        IReadOnlyDictionary<string, TimeSpan> durations,
        int? maxParallel,
        SchedulingMode mode,
        TimeSpan? fixedDuration)
    {
        var runner = new ScriptedAgentRunner
        {
            RecordJobs = false,

            // Executors take their chunk's duration; reviewers answer at once so the execution phase is what is measured.
            DelayFor = job => job.Role == AgentRole.Executor ? fixedDuration ?? durations[job.ChunkId!] : TimeSpan.Zero,
        };
        var runDirectory = Path.Combine(root, $"run-{Guid.NewGuid():N}");
        var workingDirectory = Path.Combine(root, "repo");
        Directory.CreateDirectory(workingDirectory);
        var input = new BuildRunInput("synthetic", "synthetic plan", false, plan);
        var options = new BuildOptions { MaxParallel = maxParallel ?? 0, Mode = mode };
        var stopwatch = Stopwatch.StartNew();
        var result = await new BuildLoop(runner, TimeProvider.System).RunAsync(new BuildRunRequest("bench", runDirectory, workingDirectory, input, options), null, CancellationToken.None);
        stopwatch.Stop();
        if (result.PerChunk.Count(p => p.Ok) != plan.Sum(w => w.Count))
        {
            throw new InvalidOperationException($"{label}: not every chunk succeeded ({result.StopReason})");
        }

        var events = RunJournal.ReadEvents(runDirectory);
        var first = events.OfType<AttemptStarted>().First(e => e.Role == AgentRole.Executor).Timestamp;
        var last = events.OfType<AttemptFinished>().Last(e => e.Role == AgentRole.Executor).Timestamp;
        return new MakespanMeasurement(label, last - first, stopwatch.Elapsed, result.Attempts.Count, runner.MaxConcurrent);
    }

    private static TimeSpan MeasureFsync(string root)
    {
        var path = Path.Combine(root, "fsync.probe");
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write);
        var line = "{\"seq\":1,\"ts\":\"2026-01-01T00:00:00.0000000Z\",\"type\":\"attempt.started\",\"key\":\"exec:0:c1:1\"}\n"u8.ToArray();
        var samples = new List<double>();
        for (var i = 0; i < 200; i++)
        {
            var started = Stopwatch.GetTimestamp();
            stream.Write(line);
            stream.Flush(flushToDisk: true);
            samples.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        samples.Sort();
        return TimeSpan.FromMilliseconds(samples[samples.Count / 2]);
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static string Percent(TimeSpan actual, TimeSpan bound) => $"{(actual.TotalMilliseconds / bound.TotalMilliseconds - 1) * 100:+0.0;-0.0}%";

    private static int IntArg(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length && int.TryParse(args[index + 1], out var value) ? value : fallback;
    }
}
