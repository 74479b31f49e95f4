using System.Text.Json.Serialization;
using Orchestrator.Core.Common;

namespace Orchestrator.Core.Close.Issues;

/// <summary>What became of an issue close meant to file (snake_case in JSON and text: <c>would_create</c>).</summary>
[JsonConverter(typeof(SnakeCaseEnumConverter<IssueStatus>))]
public enum IssueStatus
{
    Created,

    /// <summary>An open issue with the same marker was already filed.</summary>
    Exists,
    WouldCreate,

    /// <summary>create_issues was false.</summary>
    Skipped,
    Failed,
}
