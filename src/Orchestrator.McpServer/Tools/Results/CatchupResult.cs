using System.Text.Json.Serialization;
using Orchestrator.Core.Sessions;

namespace Orchestrator.McpServer.Tools.Results;

/// <summary>The branch state the session started from, with the branch's own commits and the most recent ones.</summary>
public sealed record CatchupResult(
    [property: JsonPropertyName("current_branch")] string? CurrentBranch,
    [property: JsonPropertyName("base_branch")] string? BaseBranch,
    [property: JsonPropertyName("commits_ahead")] int CommitsAhead,
    [property: JsonPropertyName("linked_issue")] int? LinkedIssue,
    [property: JsonPropertyName("files_changed")] IReadOnlyList<string> FilesChanged,
    [property: JsonPropertyName("staged")] IReadOnlyList<string> Staged,
    [property: JsonPropertyName("unstaged")] IReadOnlyList<string> Unstaged,
    [property: JsonPropertyName("untracked")] IReadOnlyList<string> Untracked,
    [property: JsonPropertyName("branch_commits")] IReadOnlyList<string> BranchCommits,
    [property: JsonPropertyName("recent_commits")] IReadOnlyList<string> RecentCommits)
{
    /// <summary>No branch state (session_start that only listed resumable sessions).</summary>
    public static CatchupResult None { get; } = new(null, null, 0, null, [], [], [], [], [], []);

    public static CatchupResult From(Catchup c) =>
        new(c.CurrentBranch, c.BaseBranch, c.CommitsAhead, c.LinkedIssue, c.FilesChangedVsBase, c.Staged, c.Unstaged, c.Untracked, c.BranchCommits, c.RecentCommits);
}
