using System.Text.Json.Serialization;

namespace Orchestrator.Core.Agents.Answers;

/// <summary>
/// An executor's validated answer: <c>{ status: "done"|"blocked", summary, filesChanged?, testsPassed?, blocker?, noChangeReason? }</c>.
/// <see cref="FilesChanged"/> is only the agent's claim: the engine takes the files changed from the diff.
/// </summary>
public sealed record ExecutorOutput(
    string Status,
    string Summary,
    IReadOnlyList<string>? FilesChanged,
    bool? TestsPassed,
    string? Blocker,
    string? NoChangeReason = null)
{
    /// <summary>The contract's success test: status == "done".</summary>
    [JsonIgnore]
    public bool IsDone => Status == "done";

    /// <summary>The contract's failure reason: blocker, else summary, else "agent returned no result".</summary>
    [JsonIgnore]
    public string FailureReason =>
        !string.IsNullOrWhiteSpace(Blocker) ? Blocker
        : !string.IsNullOrWhiteSpace(Summary) ? Summary
        : AgentOutputParser.NoResult;
}
