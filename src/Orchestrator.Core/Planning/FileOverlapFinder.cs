namespace Orchestrator.Core.Planning;

/// <summary>
/// Finds chunks that may run at the same time (neither depends on the other) yet own the same path, or a folder and
/// a path under it (<c>src</c> and <c>src/x.cs</c>: the folder entry covers the file, so both could write it). Files
/// are indexed so only chunks that share a path are compared, and reachability is asked only for those pairs.
/// </summary>
internal static class FileOverlapFinder
{
    public static void Check(List<PlannedChunk> chunks, List<ChunkPlanProblem> problems)
    {
        var owners = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var i = 0; i < chunks.Count; i++)
        {
            foreach (var file in chunks[i].Files)
            {
                if (!owners.TryGetValue(file, out var list))
                {
                    owners[file] = list = [];
                }

                list.Add(i);
            }
        }

        // (a, b) with a < b in plan order -> exact shared files, and nested pairs (folder, path under it).
        var pairs = new SortedDictionary<(int A, int B), (List<string> Shared, List<(string Folder, string Path)> Nested)>();
        for (var i = 0; i < chunks.Count; i++)
        {
            foreach (var file in chunks[i].Files)
            {
                foreach (var j in owners[file])
                {
                    if (j > i)
                    {
                        Pair(i, j).Shared.Add(file);
                    }
                }

                foreach (var folder in Ancestors(file))
                {
                    foreach (var j in owners.GetValueOrDefault(folder) ?? [])
                    {
                        if (j != i)
                        {
                            Pair(Math.Min(i, j), Math.Max(i, j)).Nested.Add((folder, file));
                        }
                    }
                }
            }
        }

        var byId = chunks.ToDictionary(c => c.Id, StringComparer.Ordinal);
        foreach (var ((i, j), (shared, nested)) in pairs)
        {
            var a = chunks[i];
            var b = chunks[j];
            if (DependencyClosure.DependsOn(byId, a.Id, b.Id) || DependencyClosure.DependsOn(byId, b.Id, a.Id))
            {
                continue;
            }

            if (shared.Count > 0)
            {
                var fileList = string.Join(", ", shared.Take(20).Select(f => $"\"{f}\""));
                problems.Add(new ChunkPlanProblem(
                    ChunkPlanProblemKind.OverlappingFiles,
                    $"chunks {a.Id} and {b.Id} both own {fileList} and may run at the same time (neither depends on the other): give each file to one chunk, or order them with dependsOn",
                    [a.Id, b.Id],
                    shared));
            }

            if (nested.Count > 0)
            {
                var (folder, path) = nested[0];
                problems.Add(new ChunkPlanProblem(
                    ChunkPlanProblemKind.OverlappingFiles,
                    $"chunks {a.Id} and {b.Id} may run at the same time (neither depends on the other), but one owns the folder \"{folder}\" and the other \"{path}\" inside it " +
                    $"({nested.Count} such path(s)): the folder entry covers that path, so both could write it. Give the path to one chunk, list the folder's files one by one, or order them with dependsOn",
                    [a.Id, b.Id],
                    nested.Select(n => n.Path).Distinct(StringComparer.Ordinal).ToList()));
            }
        }

        (List<string> Shared, List<(string Folder, string Path)> Nested) Pair(int a, int b)
        {
            if (!pairs.TryGetValue((a, b), out var entry))
            {
                pairs[(a, b)] = entry = ([], []);
            }

            return entry;
        }
    }

    // "a/b/c" -> "a", "a/b": the folders that, as entries, would cover the path.
    private static IEnumerable<string> Ancestors(string path)
    {
        for (var slash = path.IndexOf('/', StringComparison.Ordinal); slash > 0; slash = path.IndexOf('/', slash + 1))
        {
            yield return path[..slash];
        }
    }
}
