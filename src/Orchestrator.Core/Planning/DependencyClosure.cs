namespace Orchestrator.Core.Planning;

/// <summary>Transitive dependencies of every chunk of an acyclic plan.</summary>
internal static class DependencyClosure
{
    /// <summary>For each chunk id, every chunk it depends on directly or transitively.</summary>
    public static Dictionary<string, HashSet<string>> Ancestors(IReadOnlyList<PlannedChunk> chunks)
    {
        var byId = chunks.ToDictionary(c => c.Id, StringComparer.Ordinal);
        var result = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);

        HashSet<string> Of(string id)
        {
            if (result.TryGetValue(id, out var known))
            {
                return known;
            }

            var set = new HashSet<string>(StringComparer.Ordinal);
            result[id] = set;
            foreach (var dependency in byId[id].Dependencies)
            {
                if (byId.ContainsKey(dependency) && set.Add(dependency))
                {
                    set.UnionWith(Of(dependency));
                }
            }

            return set;
        }

        foreach (var chunk in chunks)
        {
            Of(chunk.Id);
        }

        return result;
    }
}
