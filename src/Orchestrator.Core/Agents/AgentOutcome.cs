using System.Text.Json;

namespace Orchestrator.Core.Agents;

/// <summary>What a runner reports for one job. Runners return outcomes; they throw only for bugs.</summary>
public sealed record AgentOutcome(
    AgentOutcomeStatus Status,
    JsonElement? StructuredOutput,
    string? FailureReason,
    decimal CostUsd,
    TokenUsage Tokens,
    TimeSpan Duration,
    string? LogPath);
