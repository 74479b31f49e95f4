using System.Text.Json.Serialization;
using Orchestrator.Core.Sessions;

namespace Orchestrator.McpServer.Tools.Results;

/// <summary>The branch state the session started from.</summary>
public sealed record CatchupResult(
    [property: JsonPropertyName("current_branch")] string? CurrentBranch,
    [property: JsonPropertyName("base_branch")] string? BaseBranch,
    [property: JsonPropertyName("commits_ahead")] int CommitsAhead,
    [property: JsonPropertyName("linked_issue")] int? LinkedIssue,
    [property: JsonPropertyName("files_changed")] IReadOnlyList<string> FilesChanged,
    [property: JsonPropertyName("staged")] IReadOnlyList<string> Staged,
    [property: JsonPropertyName("unstaged")] IReadOnlyList<string> Unstaged,
    [property: JsonPropertyName("untracked")] IReadOnlyList<string> Untracked)
{
    public static CatchupResult From(Catchup c) =>
        new(c.CurrentBranch, c.BaseBranch, c.CommitsAhead, c.LinkedIssue, c.FilesChangedVsBase, c.Staged, c.Unstaged, c.Untracked);
}
