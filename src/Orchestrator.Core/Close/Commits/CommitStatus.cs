using System.Text.Json.Serialization;
using Orchestrator.Core.Common;

namespace Orchestrator.Core.Close.Commits;

/// <summary>What became of close's commits (snake_case in JSON and text: <c>nothing_to_commit</c>).</summary>
[JsonConverter(typeof(SnakeCaseEnumConverter<CommitStatus>))]
public enum CommitStatus
{
    /// <summary>Not asked to, no tree, a detached HEAD or the default branch.</summary>
    Skipped,
    Committed,
    WouldCommit,

    /// <summary>The quality gate failed and the user did not allow committing anyway.</summary>
    Blocked,
    NothingToCommit,
    Failed,

    /// <summary>The publish gate is not approved for what close would commit now: nothing was committed or pushed.</summary>
    AwaitingApproval,
}
