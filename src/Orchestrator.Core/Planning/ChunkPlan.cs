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

    /// <summary>The chunk with this id.</summary>
    public PlannedChunk this[string id] => _byId[id];

    /// <summary>Whether a chunk with this id exists.</summary>
    public bool Contains(string id) => _byId.ContainsKey(id);
}
