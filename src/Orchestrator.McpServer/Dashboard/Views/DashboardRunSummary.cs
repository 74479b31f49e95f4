using Orchestrator.Core.Build.Runs;

namespace Orchestrator.McpServer.Dashboard.Views;

/// <summary>A run row: state and chunk counts folded from its journal.</summary>
internal sealed record DashboardRunSummary(
    string Id,
    string? SessionId,
    RunStatus Status,
    string Phase,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    decimal CostUsd,
    int Chunks,
    int Succeeded,
    int Failed,
    int Running);
