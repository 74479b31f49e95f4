using Orchestrator.Core.Agents.Answers;

namespace Orchestrator.McpServer.Dashboard.Views;

/// <summary>One chunk of a run: state, attempts, tier, cost and time spent so far, and its review findings.</summary>
internal sealed record DashboardChunk(
    string Id,
    string State,
    int Attempts,
    string? Tier,
    decimal CostUsd,
    long DurationMs,
    string? Summary,
    string? Blocker,
    string? SkipReason,
    bool? TestsPassed,
    IReadOnlyList<string> FilesChanged,
    IReadOnlyList<ReviewFinding> Findings);
