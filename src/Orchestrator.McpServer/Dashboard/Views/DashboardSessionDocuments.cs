using System.Text.Json;

namespace Orchestrator.McpServer.Dashboard.Views;

/// <summary>
/// What a session's gates ask the user to approve, for the page: the spec and plan (Markdown, rendered on the page),
/// the plan's gaps and open questions, the chunk plan with each chunk's wave, the cost estimate when one was made, the
/// publish preview (files and commit messages), the close report and the issues close filed.
/// </summary>
internal sealed record DashboardSessionDocuments(
    string SessionId,
    string? Spec,
    string? Plan,
    IReadOnlyList<string> Gaps,
    IReadOnlyList<string> OpenQuestions,
    bool? TestsRequired,
    IReadOnlyList<DashboardPlannedChunk> Chunks,
    JsonElement? CostEstimate,
    JsonElement? Publish,
    string? CloseReport,
    IReadOnlyList<DashboardIssue> Issues);
