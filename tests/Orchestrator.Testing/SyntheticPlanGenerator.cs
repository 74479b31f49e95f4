using Orchestrator.Core.Planning;

namespace Orchestrator.Testing;

/// <summary>Random but reproducible chunk DAGs (fixed seed) with a known duration per chunk, for benchmarks.</summary>
public static class SyntheticPlanGenerator
{
    /// <summary>
    /// <paramref name="count"/> chunks in <paramref name="waves"/> waves; each chunk after the first wave depends on
    /// 1..<paramref name="maxDependencies"/> random chunks of earlier waves, and gets a duration in
    /// [<paramref name="minDuration"/>, <paramref name="maxDuration"/>].
    /// </summary>
    public static (IReadOnlyList<IReadOnlyList<ChunkDefinition>> Waves, IReadOnlyDictionary<string, TimeSpan> Durations) RandomDag(
        int count,
        int waves,
        int maxDependencies,
        TimeSpan minDuration,
        TimeSpan maxDuration,
        int seed)
    {
        var random = new Random(seed);
        var result = Enumerable.Range(0, waves).Select(_ => new List<ChunkDefinition>()).ToList();
        var durations = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);
        var earlier = new List<string>();
        var perWave = Math.Max(1, count / waves);
        for (var i = 0; i < count; i++)
        {
            var wave = Math.Min(waves - 1, i / perWave);
            var id = $"c{i + 1}";
            if (wave > 0 && i % perWave == 0)
            {
                earlier.AddRange(result[wave - 1].Select(c => c.Id!));
            }

            var dependencies = wave == 0
                ? []
                : Enumerable.Range(0, random.Next(1, maxDependencies + 1)).Select(_ => earlier[random.Next(earlier.Count)]).Distinct().ToArray();
            result[wave].Add(new ChunkDefinition
            {
                Id = id,
                Scope = $"synthetic chunk {id}",
                Files = [$"src/synthetic/{id}.cs"],
                Model = "sonnet",
                DependsOn = dependencies,
            });
            var span = maxDuration - minDuration;
            durations[id] = minDuration + TimeSpan.FromTicks((long)(span.Ticks * random.NextDouble()));
        }

        return (result.Select(w => (IReadOnlyList<ChunkDefinition>)w).ToList(), durations);
    }

    /// <summary>The longest path through the DAG weighted by durations: no schedule can be shorter.</summary>
    public static TimeSpan CriticalPath(IReadOnlyList<IReadOnlyList<ChunkDefinition>> waves, IReadOnlyDictionary<string, TimeSpan> durations)
    {
        var finish = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);
        foreach (var chunk in waves.SelectMany(w => w))
        {
            var start = (chunk.DependsOn ?? []).Select(d => finish[d]).DefaultIfEmpty(TimeSpan.Zero).Max();
            finish[chunk.Id!] = start + durations[chunk.Id!];
        }

        return finish.Values.Max();
    }

    /// <summary>The makespan of the waves barrier with unbounded parallelism: the sum of each wave's longest chunk.</summary>
    public static TimeSpan WaveBarrierBound(IReadOnlyList<IReadOnlyList<ChunkDefinition>> waves, IReadOnlyDictionary<string, TimeSpan> durations) =>
        waves.Where(w => w.Count > 0).Aggregate(TimeSpan.Zero, (sum, w) => sum + w.Max(c => durations[c.Id!]));
}
