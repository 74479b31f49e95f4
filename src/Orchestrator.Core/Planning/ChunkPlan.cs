namespace Orchestrator.Core.Planning;

/// <summary>A validated chunk plan: a DAG of chunks, acyclic, with disjoint files among chunks that may run together.</summary>
public sealed class ChunkPlan
{
    private readonly Dictionary<string, PlannedChunk> _byId;

    internal ChunkPlan(IReadOnlyList<PlannedChunk> chunks, IReadOnlyList<IReadOnlyList<ChunkDefinition>> waves)
    {
        Chunks = chunks;
        Waves = waves;
        _byId = chunks.ToDictionary(c => c.Id, StringComparer.Ordinal);
    }

    /// <summary>Chunks in plan order (waves flattened).</summary>
    public IReadOnlyList<PlannedChunk> Chunks { get; }

    /// <summary>The definitions as given, grouped by wave (a flat list is one wave).</summary>
    public IReadOnlyList<IReadOnlyList<ChunkDefinition>> Waves { get; }

    /// <summary>Number of waves.</summary>
    public int WaveCount => Waves.Count;

    /// <summary>
    /// Chunk ids grouped by DAG level: level 0 has no dependencies, level n depends on something at level n-1. With
    /// unbounded parallelism, each level can start once the previous ones are done; a useful "order" to show users.
    /// </summary>
    public IReadOnlyList<IReadOnlyList<string>> Levels()
    {
        // Dependencies first, so each level is computed from known ones (no recursion over a deep chain).
        var level = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var chunk in DependencyClosure.DependenciesFirst(Chunks))
        {
            level[chunk.Id] = chunk.Dependencies.Select(d => level[d] + 1).DefaultIfEmpty(0).Max();
        }

        return Chunks.GroupBy(c => level[c.Id]).OrderBy(g => g.Key).Select(g => (IReadOnlyList<string>)g.Select(c => c.Id).ToList()).ToList();
    }

    /// <summary>The chunk with this id.</summary>
    public PlannedChunk this[string id] => _byId[id];

    /// <summary>Whether a chunk with this id exists.</summary>
    public bool Contains(string id) => _byId.ContainsKey(id);
}
