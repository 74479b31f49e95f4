using Orchestrator.Core.Agents.Answers;

namespace Orchestrator.Core.Planning;

/// <summary>
/// The concerns gate's "address": a follow-up chunk plan with one chunk per finding. Scope from the finding; files
/// from the finding's file, else its chunk's files; tier and tests from its chunk. Chunks that share a file are
/// chained with dependsOn so they never run at the same time.
/// </summary>
public static class FollowUpPlanBuilder
{
    public static SessionChunkPlan Build(string runId, IReadOnlyList<ReviewFinding> findings, SessionChunkPlan previous, string? repositoryRoot)
    {
        ArgumentNullException.ThrowIfNull(findings);
        ArgumentNullException.ThrowIfNull(previous);
        var original = previous.Chunks.Where(c => c.Id is not null).GroupBy(c => c.Id!.Trim(), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var chunks = new List<ChunkDefinition>();
        for (var i = 0; i < findings.Count; i++)
        {
            var finding = findings[i];
            original.TryGetValue(finding.ChunkId, out var source);
            var files = FilesFor(finding, source, repositoryRoot);
            var dependsOn = chunks.Where(c => c.Files!.Intersect(files, StringComparer.Ordinal).Any()).Select(c => c.Id!).ToList();
            chunks.Add(new ChunkDefinition
            {
                Id = $"f{i + 1}",
                Scope = Scope(finding),
                Files = files,
                Model = source?.Model ?? "sonnet",
                Tests = source?.Tests ?? false,
                TestScope = source?.TestScope,
                OpusReview = source?.OpusReview ?? false,
                DependsOn = dependsOn,
            });
        }

        return new SessionChunkPlan(previous.TestsRequired, [chunks], SessionChunkPlan.FromConcerns, runId);
    }

    private static IReadOnlyList<string> FilesFor(ReviewFinding finding, ChunkDefinition? source, string? repositoryRoot)
    {
        if (!string.IsNullOrWhiteSpace(finding.File))
        {
            // The finding's file is used only when it is a valid repository path; a reviewer may name anything.
            var single = ChunkPlanValidator.ValidateChunks([new ChunkDefinition { Id = "probe", Scope = "probe", Files = [finding.File.Trim()], DependsOn = [] }], repositoryRoot);
            if (single.IsValid)
            {
                return single.Plan!.Chunks[0].Files;
            }
        }

        return source?.Files?.ToList() ?? [];
    }

    private static string Scope(ReviewFinding finding)
    {
        var where = finding.File is null ? "" : $" ({finding.File}{(finding.Line is { } line ? $":{line}" : "")})";
        var detail = string.IsNullOrWhiteSpace(finding.Detail) ? "" : $": {finding.Detail.Trim()}";
        var kind = finding.Severity == FindingSeverity.Blocker ? "unresolved review blocker" : "review concern";
        return $"Address the {kind} on chunk {finding.ChunkId}: {finding.Title.Trim()}{detail}{where}";
    }
}
