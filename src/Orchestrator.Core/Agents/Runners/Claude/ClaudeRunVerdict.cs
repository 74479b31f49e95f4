using System.Text.Json;

namespace Orchestrator.Core.Agents.Runners.Claude;

/// <summary>What one <c>claude -p</c> result object says: the structured answer or why the attempt failed, and what it cost.</summary>
public sealed record ClaudeRunVerdict(JsonElement? StructuredOutput, string? FailureReason, decimal CostUsd, TokenUsage Tokens)
{
    /// <summary>The run ended because it reached <c>--max-turns</c> (subtype <c>error_max_turns</c>).</summary>
    public bool TurnLimitHit { get; init; }
}
