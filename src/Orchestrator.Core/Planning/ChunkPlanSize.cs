using System.Globalization;
using Orchestrator.Core.Common;

namespace Orchestrator.Core.Planning;

/// <summary>The <see cref="ChunkPlanLimits"/> checks: the whole plan first (before any costly work), then each chunk.</summary>
internal static class ChunkPlanSize
{
    /// <summary>A problem when the plan as a whole is over a limit (then nothing else is checked); else null.</summary>
    public static ChunkPlanProblem? Check(IReadOnlyList<(ChunkDefinition Definition, int Wave)> entries, ChunkPlanLimits limits)
    {
        if (entries.Count > limits.MaxChunks)
        {
            return Problem(string.Create(CultureInfo.InvariantCulture,
                $"the plan has {entries.Count:N0} chunks, over the limit of {limits.MaxChunks:N0} chunks per plan: merge small chunks, or split the feature into several sessions"));
        }

        // Counted before they are built: a chunk without dependsOn depends on every chunk of the earlier waves.
        long links = 0;
        var earlier = 0;
        var wave = 0;
        var inWave = 0;
        foreach (var (definition, w) in entries)
        {
            if (w != wave)
            {
                earlier += inWave;
                inWave = 0;
                wave = w;
            }

            inWave++;
            links += definition.DependsOn?.Count ?? earlier;
        }

        return links > limits.MaxDependencyLinks
            ? Problem(string.Create(CultureInfo.InvariantCulture,
                $"the plan has {links:N0} dependency links, over the limit of {limits.MaxDependencyLinks:N0} (a chunk without dependsOn depends on every chunk of the earlier waves): give chunks explicit dependsOn lists with their direct dependencies only, or use fewer waves"))
            : null;
    }

    /// <summary>Adds a problem for each per-chunk limit <paramref name="definition"/> is over.</summary>
    public static void CheckChunk(string shown, string id, ChunkDefinition definition, ChunkPlanLimits limits, List<ChunkPlanProblem> problems)
    {
        if (definition.Files?.Count > limits.MaxFilesPerChunk)
        {
            problems.Add(ForChunk(id, string.Create(CultureInfo.InvariantCulture, $"chunk {shown} lists {definition.Files.Count:N0} files, over the limit of {limits.MaxFilesPerChunk:N0} files per chunk: list folders (\"src/feature/\") instead of every file, or split the chunk")));
        }

        if (definition.DependsOn?.Count > limits.MaxDependsOnPerChunk)
        {
            problems.Add(ForChunk(id, string.Create(CultureInfo.InvariantCulture, $"chunk {shown} has {definition.DependsOn.Count:N0} dependsOn entries, over the limit of {limits.MaxDependsOnPerChunk:N0} per chunk: list only its direct dependencies")));
        }

        foreach (var (name, text) in new[] { ("scope", definition.Scope), ("testScope", definition.TestScope) })
        {
            if (text?.Length > limits.MaxTextLength)
            {
                problems.Add(ForChunk(id, string.Create(CultureInfo.InvariantCulture, $"chunk {shown} has a {name} of {text.Length:N0} characters ({InputEcho.Quote(text, 60)}), over the limit of {limits.MaxTextLength:N0} characters: say in a few lines what the chunk does; the plan holds the detail")));
            }
        }
    }

    private static ChunkPlanProblem Problem(string message) => new(ChunkPlanProblemKind.LimitExceeded, message, [], []);

    private static ChunkPlanProblem ForChunk(string id, string message) => new(ChunkPlanProblemKind.LimitExceeded, message, [id], []);
}
