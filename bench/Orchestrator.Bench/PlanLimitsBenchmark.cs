using System.Diagnostics;
using Orchestrator.Core.Build.Attempts;
using Orchestrator.Core.Build.Journal;
using Orchestrator.Core.Build.Scheduling;
using Orchestrator.Core.Planning;

namespace Orchestrator.Bench;

/// <summary>
/// How long the plan checks take on huge and deep plans (issue 17): the speed figures that used to be wall-time
/// assertions in PlanLimitsTests, which now only guard against a hang. Each case runs on a thread with a 256 KiB
/// stack, as the tests do, so a recursive walk would show as a crash here too.
/// </summary>
internal static class PlanLimitsBenchmark
{
    private static readonly ChunkPlanLimits Unlimited = new() { MaxChunks = int.MaxValue, MaxDependencyLinks = int.MaxValue };

    public static async Task<int> RunAsync(string[] args)
    {
        var runs = args.Length > 1 && args[0] == "--runs" && int.TryParse(args[1], out var n) ? n : 5;
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}; median of {runs} runs");
        Console.WriteLine();
        Console.WriteLine("| case | median (ms) | max (ms) |");
        Console.WriteLine("|---|---:|---:|");
        var chain40 = Chain(40_000);
        var chain50 = Chain(50_000);
        var cycle = Chain(50_000);
        cycle[0] = cycle[0] with { DependsOn = ["c50000"] };
        var independent = Enumerable.Range(1, 10_000).Select(i => new ChunkDefinition { Id = $"c{i}", Scope = "s", Files = [$"src/f{i}.cs"], DependsOn = [] }).ToList();
        Row("40,000-deep chain, default limits (refused by the chunk limit)", runs, () => ChunkPlanValidator.ValidateChunks(chain40, null));
        Row("50,000-deep chain, no limits: validate + levels", runs, () => ChunkPlanValidator.ValidateChunks(chain50, null, Unlimited).Plan?.Levels());
        Row("cycle closing a 50,000-deep chain, no limits", runs, () => ChunkPlanValidator.ValidateChunks(cycle, null, Unlimited));
        Row("10,000 independent chunks, no limits", runs, () => ChunkPlanValidator.ValidateChunks(independent, null, Unlimited));
        Row("10,000 independent chunks, default limits (refused)", runs, () => ChunkPlanValidator.ValidateChunks(independent, null));
        var plan = ChunkPlanValidator.ValidateChunks(chain50, null, Unlimited).Plan!;
        var times = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var watch = Stopwatch.StartNew();
            await new DagScheduler(4, SchedulingMode.Dag).RunAsync(
                plan,
                (_, _) => Task.FromResult(new ChunkRunOutcome(ChunkRunState.Succeeded, null)),
                _ => null,
                (_, _) => { },
                CancellationToken.None);
            times.Add(watch.Elapsed.TotalMilliseconds);
        }

        Print("scheduler: 50,000-deep chain, zero-length chunks, maxParallel 4", times);
        return 0;
    }

    private static void Row(string label, int runs, Func<object?> work)
    {
        var times = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var elapsed = 0.0;
            var thread = new Thread(() =>
            {
                var watch = Stopwatch.StartNew();
                GC.KeepAlive(work());
                elapsed = watch.Elapsed.TotalMilliseconds;
            }, maxStackSize: 256 * 1024);
            thread.Start();
            thread.Join();
            times.Add(elapsed);
        }

        Print(label, times);
    }

    private static void Print(string label, List<double> times)
    {
        times.Sort();
        Console.WriteLine($"| {label} | {times[times.Count / 2]:0} | {times[^1]:0} |");
    }

    private static List<ChunkDefinition> Chain(int length) =>
        Enumerable.Range(1, length)
            .Select(i => new ChunkDefinition { Id = $"c{i}", Scope = "s", Files = [$"src/f{i}.cs"], DependsOn = i == 1 ? [] : [$"c{i - 1}"] })
            .ToList();
}
