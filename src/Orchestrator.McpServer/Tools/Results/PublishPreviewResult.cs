using System.Text.Json.Serialization;

namespace Orchestrator.McpServer.Tools.Results;

/// <summary>What close would publish, shown at the publish gate: commits with their files and messages, the branch, the remotes.</summary>
public sealed record PublishPreviewResult(
    [property: JsonPropertyName("branch")] string Branch,
    [property: JsonPropertyName("commits")] IReadOnlyList<CloseCommitResult> Commits,
    [property: JsonPropertyName("files")] IReadOnlyList<string> Files,
    [property: JsonPropertyName("remotes")] IReadOnlyList<string> Remotes,
    [property: JsonPropertyName("unpushed_commits")] IReadOnlyList<string> UnpushedCommits)
{
    public static PublishPreviewResult From(Core.Close.Publishing.PublishPreview preview)
    {
        ArgumentNullException.ThrowIfNull(preview);
        return new(preview.Branch, preview.Commits.Select(c => new CloseCommitResult(null, c.Subject, c.Message, c.Files, c.ChunkIds)).ToList(),
            preview.Files, preview.Remotes, preview.UnpushedCommits);
    }
}
