using System.Text.Json;

namespace Orchestrator.Core.Planning.PhaseAgents;

/// <summary>What one phase agent (researcher, planner, divider) returned: its raw answer, or why it has none.</summary>
public sealed record PhaseAgentAnswer(JsonElement? Output, string? FailureReason, decimal CostUsd)
{
    public bool Completed => FailureReason is null;
}
