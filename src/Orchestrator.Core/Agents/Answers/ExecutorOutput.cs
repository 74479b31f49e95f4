using System.Text.Json.Serialization;

namespace Orchestrator.Core.Agents.Answers;

/// <summary>An executor's validated answer: <c>{ status: "done"|"blocked", summary, filesChanged?, testsPassed?, blocker? }</c>.</summary>
public sealed record ExecutorOutput(
    string Status,
    string Summary,
    IReadOnlyList<string>? FilesChanged,
    bool? TestsPassed,
    string? Blocker)
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
