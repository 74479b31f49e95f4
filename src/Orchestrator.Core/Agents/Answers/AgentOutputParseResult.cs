namespace Orchestrator.Core.Agents.Answers;

/// <summary>A validated agent answer, or the reason it is not acceptable.</summary>
public sealed record AgentOutputParseResult<T>(T? Value, string? Error)
    where T : class
{
    /// <summary>True when the answer matched the schema.</summary>
    public bool IsValid => Value is not null;
}
