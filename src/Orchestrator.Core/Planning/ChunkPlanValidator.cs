using System.Globalization;
using Orchestrator.Core.Common;

namespace Orchestrator.Core.Planning;

/// <summary>
/// Validates a chunk plan (source <c>waves: [[chunk]]</c> or a flat list with dependsOn) and reports every problem
/// at once, so a planner can fix the whole plan in one round instead of one error per call.
/// </summary>
public static class ChunkPlanValidator
{
    /// <summary>Validates a flat chunk list: one wave, so only explicit dependsOn orders chunks.</summary>
    public static ChunkPlanValidationResult ValidateChunks(IReadOnlyList<ChunkDefinition>? chunks, string? repositoryRoot, ChunkPlanLimits? limits = null) =>
        ValidateWaves(chunks is null ? null : [chunks], repositoryRoot, limits);

    /// <summary>
    /// Validates the source shape. <paramref name="repositoryRoot"/> is used to resolve symlinks on disk; null
    /// restricts path checks to lexical ones. <paramref name="limits"/> defaults to <see cref="ChunkPlanLimits.Default"/>.
    /// </summary>
    public static ChunkPlanValidationResult ValidateWaves(IReadOnlyList<IReadOnlyList<ChunkDefinition>>? waves, string? repositoryRoot, ChunkPlanLimits? limits = null)
    {
        limits ??= ChunkPlanLimits.Default;
        var result = Validate(waves, repositoryRoot, limits);
        if (result.Problems.Count <= limits.MaxProblemsReported)
        {
            return result;
        }

        var shown = result.Problems.Take(limits.MaxProblemsReported).ToList();
        shown.Add(new ChunkPlanProblem(ChunkPlanProblemKind.LimitExceeded,
            $"... and {result.Problems.Count - limits.MaxProblemsReported} more problem(s) not listed (at most {limits.MaxProblemsReported} are reported at once): fix these and validate again",
            [], []));
        return new ChunkPlanValidationResult(null, shown);
    }

    private static ChunkPlanValidationResult Validate(IReadOnlyList<IReadOnlyList<ChunkDefinition>>? waves, string? repositoryRoot, ChunkPlanLimits limits)
    {
        var problems = new List<ChunkPlanProblem>();
        var entries = new List<(ChunkDefinition Definition, int Wave, int Order)>();
        if (waves is not null)
        {
            for (var w = 0; w < waves.Count; w++)
            {
                foreach (var definition in waves[w] ?? [])
                {
                    if (definition is not null)
                    {
                        entries.Add((definition, w, entries.Count));
                    }
                }
            }
        }

        if (entries.Count == 0)
        {
            problems.Add(new ChunkPlanProblem(
                ChunkPlanProblemKind.EmptyPlan,
                "the plan has no chunks: give at least one chunk in `waves` (a list of waves, each a list of chunks) or in `chunks`",
                [],
                []));
            return new ChunkPlanValidationResult(null, problems);
        }

        // Size first: nothing below may cost more than the limits allow (a 40,000-chunk chain once killed the server).
        if (ChunkPlanSize.Check(entries.Select(e => (e.Definition, e.Wave)).ToList(), limits) is { } tooLarge)
        {
            problems.Add(tooLarge);
            return new ChunkPlanValidationResult(null, problems);
        }

        CheckIds(entries, problems);
        var ids = entries.Select(e => e.Definition.Id?.Trim()).Where(id => !string.IsNullOrEmpty(id)).Select(id => id!).ToHashSet(StringComparer.Ordinal);

        var chunks = new List<PlannedChunk>();
        foreach (var (definition, wave, order) in entries)
        {
            var id = string.IsNullOrWhiteSpace(definition.Id) ? $"#{order + 1}" : definition.Id.Trim();
            if (string.IsNullOrWhiteSpace(definition.Scope))
            {
                problems.Add(new ChunkPlanProblem(
                    ChunkPlanProblemKind.EmptyScope,
                    $"chunk {Shown(id)} has an empty scope: describe in one line what the chunk implements",
                    [id],
                    []));
            }

            var tier = ModelTiers.Default;
            if (definition.Model is not null && !ModelTiers.TryParse(definition.Model, out tier))
            {
                problems.Add(new ChunkPlanProblem(
                    ChunkPlanProblemKind.UnknownTier,
                    $"chunk {Shown(id)} has unknown model tier {InputEcho.Quote(definition.Model)}: use one of {string.Join(", ", ModelTiers.ValidNames)} (or omit it for sonnet)",
                    [id],
                    []));
            }

            ChunkPlanSize.CheckChunk(Shown(id), id, definition, limits, problems);
            var files = definition.Files?.Count > limits.MaxFilesPerChunk ? [] : CheckFiles(id, definition.Files, repositoryRoot, limits, problems);
            var dependencies = ResolveDependencies(id, definition, wave, entries, ids, problems);
            chunks.Add(new PlannedChunk(
                id,
                definition.Scope?.Trim() ?? string.Empty,
                files,
                tier,
                definition.Tests,
                definition.TestScope,
                definition.OpusReview,
                dependencies,
                wave,
                order));
        }

        var unique = chunks.GroupBy(c => c.Id, StringComparer.Ordinal).Where(g => g.Count() == 1).Select(g => g.Single()).ToList();
        var cycle = DependencyCycleFinder.Find(unique);
        if (cycle is not null)
        {
            problems.Add(new ChunkPlanProblem(
                ChunkPlanProblemKind.DependencyCycle,
                $"dependency cycle: {CycleText(cycle)}: remove one of these dependsOn links (or move a chunk to a later wave and drop its dependsOn)",
                cycle.Distinct(StringComparer.Ordinal).ToList(),
                []));
        }
        else
        {
            FileOverlapFinder.Check(unique, problems);
        }

        if (problems.Count > 0)
        {
            return new ChunkPlanValidationResult(null, problems);
        }

        var normalizedWaves = waves!.Select(w => (IReadOnlyList<ChunkDefinition>)(w ?? []).Where(d => d is not null).ToList()).ToList();
        return new ChunkPlanValidationResult(new ChunkPlan(chunks, normalizedWaves), problems);
    }

    // A chunk id quoted in a message: long enough to find it in the plan, never the whole of an oversized value.
    private static string Shown(string id) => InputEcho.Truncate(id, 80);

    private static void CheckIds(List<(ChunkDefinition Definition, int Wave, int Order)> entries, List<ChunkPlanProblem> problems)
    {
        foreach (var (definition, wave, order) in entries)
        {
            if (string.IsNullOrWhiteSpace(definition.Id))
            {
                problems.Add(new ChunkPlanProblem(
                    ChunkPlanProblemKind.EmptyId,
                    $"chunk #{order + 1} (wave {wave + 1}, scope {InputEcho.Quote(definition.Scope, 80)}) has an empty id: give every chunk a unique id such as \"c{order + 1}\"",
                    [],
                    []));
            }
            else if (SafeIds.Problem($"chunk #{order + 1} (wave {wave + 1}): id", definition.Id.Trim(), $"c{order + 1}") is { } invalid)
            {
                // Chunk ids name log, prompt and schema files: a path-like id would write outside the run's folder.
                problems.Add(new ChunkPlanProblem(ChunkPlanProblemKind.InvalidId, invalid, [], []));
            }
        }

        foreach (var group in entries.Where(e => !string.IsNullOrWhiteSpace(e.Definition.Id)).GroupBy(e => e.Definition.Id!.Trim(), StringComparer.Ordinal))
        {
            if (group.Count() > 1)
            {
                var wavesText = string.Join(", ", group.Select(e => e.Wave + 1));
                problems.Add(new ChunkPlanProblem(
                    ChunkPlanProblemKind.DuplicateId,
                    $"chunk id {InputEcho.Quote(group.Key)} is used {group.Count()} times (waves {wavesText}): ids must be unique, rename all but one",
                    [group.Key],
                    []));
            }
        }
    }

    // A long cycle is shown by its ends: enough to find it, never a megabyte of ids.
    private static string CycleText(List<string> cycle) =>
        cycle.Count <= 12
            ? string.Join(" -> ", cycle.Select(Shown))
            : $"{string.Join(" -> ", cycle.Take(6).Select(Shown))} -> ... ({cycle.Count - 12} more) -> {string.Join(" -> ", cycle.TakeLast(6).Select(Shown))}";

    private static List<string> CheckFiles(string id, IReadOnlyList<string>? files, string? repositoryRoot, ChunkPlanLimits limits, List<ChunkPlanProblem> problems)
    {
        var normalized = new List<string>();
        foreach (var file in files ?? [])
        {
            if (file?.Length > limits.MaxPathLength)
            {
                problems.Add(new ChunkPlanProblem(ChunkPlanProblemKind.LimitExceeded,
                    string.Create(CultureInfo.InvariantCulture, $"chunk {Shown(id)} lists a path of {file.Length:N0} characters ({InputEcho.Quote(file, 80)}), over the limit of {limits.MaxPathLength:N0} characters per path: list a shorter repository-relative path (or its folder)"),
                    [id], []));
                continue;
            }

            var verdict = RepositoryPathChecker.Check(file, repositoryRoot);
            if (verdict.Problem is null && ReservedPaths.Problem(verdict.NormalizedPath!) is { } reserved)
            {
                problems.Add(new ChunkPlanProblem(ChunkPlanProblemKind.ReservedPath, $"chunk {Shown(id)} owns {InputEcho.Quote(file)}: {reserved}", [id], [file!]));
                continue;
            }

            switch (verdict.Problem)
            {
                case null:
                    if (!normalized.Contains(verdict.NormalizedPath!, StringComparer.Ordinal))
                    {
                        normalized.Add(verdict.NormalizedPath!);
                    }

                    break;
                case ChunkPlanProblemKind.EmptyFilePath:
                    problems.Add(new ChunkPlanProblem(
                        ChunkPlanProblemKind.EmptyFilePath,
                        $"chunk {Shown(id)} lists an empty file path ({InputEcho.Quote(file)}): remove it or give a repository-relative path",
                        [id],
                        [file ?? string.Empty]));
                    break;
                case ChunkPlanProblemKind.AbsolutePath:
                    problems.Add(new ChunkPlanProblem(
                        ChunkPlanProblemKind.AbsolutePath,
                        $"chunk {Shown(id)} owns the absolute path {InputEcho.Quote(file)}: list files relative to the repository root (e.g. \"src/app.cs\")",
                        [id],
                        [file!]));
                    break;
                default:
                    problems.Add(new ChunkPlanProblem(
                        ChunkPlanProblemKind.PathEscapesRepository,
                        $"chunk {Shown(id)} owns {InputEcho.Quote(file)}, which escapes the repository ({verdict.Detail}): list only files inside the repository",
                        [id],
                        [file!]));
                    break;
            }
        }

        return normalized;
    }

    private static List<string> ResolveDependencies(
        string id,
        ChunkDefinition definition,
        int wave,
        List<(ChunkDefinition Definition, int Wave, int Order)> entries,
        HashSet<string> ids,
        List<ChunkPlanProblem> problems)
    {
        if (definition.DependsOn is null)
        {
            // The source semantics: no dependsOn means "after every chunk of the earlier waves".
            return entries.Where(e => e.Wave < wave && !string.IsNullOrWhiteSpace(e.Definition.Id))
                .Select(e => e.Definition.Id!.Trim())
                .Distinct(StringComparer.Ordinal)
                .ToList();
        }

        var dependencies = new List<string>();
        foreach (var raw in definition.DependsOn)
        {
            var dependency = raw?.Trim() ?? string.Empty;
            if (!ids.Contains(dependency))
            {
                problems.Add(new ChunkPlanProblem(
                    ChunkPlanProblemKind.UnknownDependency,
                    $"chunk {Shown(id)} depends on unknown chunk {InputEcho.Quote(raw)}: remove it from dependsOn or add a chunk with that id",
                    [id],
                    []));
                continue;
            }

            if (!dependencies.Contains(dependency, StringComparer.Ordinal))
            {
                dependencies.Add(dependency);
            }
        }

        return dependencies;
    }
}
