namespace Orchestrator.Core.Planning;

/// <summary>
/// Graph walks over a plan's dependsOn links, all iterative: a plan is user input, and a recursive walk over a
/// 40,000-chunk chain overflowed the stack and killed the server. Links to ids not in the list are ignored.
/// </summary>
internal static class DependencyClosure
{
    /// <summary>For each chunk id, every chunk it depends on directly or transitively (an acyclic plan).</summary>
    public static Dictionary<string, HashSet<string>> Ancestors(IReadOnlyList<PlannedChunk> chunks)
    {
        var byId = chunks.ToDictionary(c => c.Id, StringComparer.Ordinal);
        var result = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var chunk in DependenciesFirst(chunks))
        {
            var set = new HashSet<string>(StringComparer.Ordinal);
            foreach (var dependency in chunk.Dependencies)
            {
                if (byId.ContainsKey(dependency) && set.Add(dependency))
                {
                    set.UnionWith(result[dependency]);
                }
            }

            result[chunk.Id] = set;
        }

        return result;
    }

    /// <summary>True when <paramref name="chunkId"/> depends on <paramref name="ancestorId"/> directly or transitively.</summary>
    public static bool DependsOn(IReadOnlyDictionary<string, PlannedChunk> byId, string chunkId, string ancestorId)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal) { chunkId };
        var pending = new Stack<string>();
        pending.Push(chunkId);
        while (pending.Count > 0)
        {
            foreach (var dependency in byId[pending.Pop()].Dependencies)
            {
                if (string.Equals(dependency, ancestorId, StringComparison.Ordinal))
                {
                    return true;
                }

                if (byId.ContainsKey(dependency) && seen.Add(dependency))
                {
                    pending.Push(dependency);
                }
            }
        }

        return false;
    }

    /// <summary>
    /// The chunks of an acyclic plan, each after all of its dependencies (Kahn's algorithm); among chunks that are
    /// ready together, plan order is kept. Chunks on a cycle are left out.
    /// </summary>
    public static List<PlannedChunk> DependenciesFirst(IReadOnlyList<PlannedChunk> chunks)
    {
        var byId = chunks.ToDictionary(c => c.Id, StringComparer.Ordinal);
        var waiting = new Dictionary<string, int>(StringComparer.Ordinal);
        var dependents = chunks.ToDictionary(c => c.Id, _ => new List<PlannedChunk>(), StringComparer.Ordinal);
        foreach (var chunk in chunks)
        {
            var known = chunk.Dependencies.Where(byId.ContainsKey).Distinct(StringComparer.Ordinal).ToList();
            waiting[chunk.Id] = known.Count;
            foreach (var dependency in known)
            {
                dependents[dependency].Add(chunk);
            }
        }

        var ready = new Queue<PlannedChunk>(chunks.Where(c => waiting[c.Id] == 0));
        var ordered = new List<PlannedChunk>(chunks.Count);
        while (ready.Count > 0)
        {
            var chunk = ready.Dequeue();
            ordered.Add(chunk);
            foreach (var dependent in dependents[chunk.Id])
            {
                if (--waiting[dependent.Id] == 0)
                {
                    ready.Enqueue(dependent);
                }
            }
        }

        return ordered;
    }
}
