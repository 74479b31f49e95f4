using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Orchestrator.Core.Build.Journal;
using Orchestrator.Core.Build.Runs;
using Orchestrator.Core.Close.Publishing;
using Orchestrator.Core.Common;
using Orchestrator.Core.Git;
using Orchestrator.Core.Planning;
using Orchestrator.Core.Sessions;
using Orchestrator.Core.Trackers;
using Orchestrator.McpServer.Dashboard.Views;

namespace Orchestrator.McpServer.Dashboard;

/// <summary>
/// The dashboard's views behind its gates and runs: a session's documents (what each gate asks to approve), a run's
/// log names (for the live tail), a chunk's diff, and cancel/resume of a run. Writes only through the same services
/// as the tools, and only for JSON requests (which a cross-site form cannot send).
/// </summary>
internal static class DashboardSessionEndpoints
{
    /// <summary>A cost estimate, when the session has one (written beside chunks.json).</summary>
    public const string CostEstimateFileName = "cost-estimate.json";

    private const int MaxDiffChars = 400_000;

    public static IEndpointRouteBuilder MapDashboardSessionViews(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/sessions/{sessionId}/documents", DocumentsAsync);
        app.MapGet("/api/runs/{runId}/logs", LogsAsync);
        app.MapGet("/api/runs/{runId}/chunks/{chunkId}/diff", DiffAsync);
        app.MapPost("/api/runs/{runId}/cancel", (string runId, HttpContext context, DashboardProject project, BuildRunLauncher launcher, CancellationToken ct) =>
            ControlAsync(runId, context, project, ct, async p => (await launcher.CancelAsync(p, runId, TimeSpan.FromSeconds(20), ct).ConfigureAwait(false)).Error?.Message));
        app.MapPost("/api/runs/{runId}/resume", (string runId, HttpContext context, DashboardProject project, BuildRunLauncher launcher, CancellationToken ct) =>
            ControlAsync(runId, context, project, ct, async p => (await launcher.ResumeAsync(p, runId, ct).ConfigureAwait(false)).Error?.Message));
        return app;
    }

    private static async Task<IResult> DocumentsAsync(string sessionId, DashboardProject dashboard, CancellationToken cancellationToken)
    {
        var located = await dashboard.LocateAsync(cancellationToken).ConfigureAwait(false);
        if (!located.Succeeded || !DashboardSessionFiles.Exists(located.Value, sessionId))
        {
            return Results.NotFound($"No session '{sessionId}'.");
        }

        var project = located.Value;
        async Task<string?> Read(string name) => await DashboardSessionFiles.ReadAsync(project, sessionId, name, cancellationToken).ConfigureAwait(false);
        var plan = await Read(SessionDocuments.Plan);
        var chunksText = await Read(SessionDocuments.Chunks);
        var chunkPlan = chunksText is null ? null : SessionChunkPlan.Parse(chunksText, out _);
        return Results.Json(new DashboardSessionDocuments(
            sessionId,
            await Read(SessionDocuments.Spec),
            plan,
            plan is null ? [] : PlanDocument.Bullets(plan, "gaps"),
            plan is null ? [] : PlanDocument.Bullets(plan, "open questions"),
            chunkPlan?.TestsRequired,
            chunkPlan is null ? [] : Chunks(chunkPlan),
            JsonOf(await Read(CostEstimateFileName)),
            JsonOf(await Read(PublishPreview.FileName)),
            await Read("close-report.md"),
            Issues(project, sessionId)), DashboardJson.TypeInfo<DashboardSessionDocuments>());
    }

    /// <summary>The chunks with their waves (DAG levels) when the plan is valid, else as written with wave 0.</summary>
    private static IReadOnlyList<DashboardPlannedChunk> Chunks(SessionChunkPlan plan)
    {
        var validated = ChunkPlanValidator.ValidateWaves(plan.Waves, null).Plan;
        if (validated is null)
        {
            return plan.Chunks.Select(c => new DashboardPlannedChunk(c.Id ?? "?", c.Scope ?? "", c.Files ?? [], c.Model ?? "sonnet", c.DependsOn ?? [], 0, c.Tests)).ToList();
        }

        var levels = validated.Levels();
        int WaveOf(string id) => levels.Select((ids, i) => ids.Contains(id) ? i + 1 : 0).Max();
        return validated.Chunks.Select(c => new DashboardPlannedChunk(c.Id, c.Scope, c.Files, c.Tier.ToName(), c.Dependencies, WaveOf(c.Id), c.Tests)).ToList();
    }

    private static JsonElement? JsonOf(string? text)
    {
        if (text is null)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The local tracker's issues whose body names the session (close writes the session id into every issue it files).</summary>
    private static IReadOnlyList<DashboardIssue> Issues(ProjectContext project, string sessionId)
    {
        var directory = Path.Combine(project.OrchestratorDirectory, "issues");
        if (!Directory.Exists(directory) || RealPaths.ConfinementProblem(project.OrchestratorDirectory, directory) is not null)
        {
            return [];
        }

        return new LocalIssueTracker(directory, TimeProvider.System).List()
            .Where(i => i.Body.Contains(sessionId, StringComparison.Ordinal))
            .Select(i => new DashboardIssue(i.Number, i.Title, i.Labels))
            .ToList();
    }

    private static async Task<IResult> LogsAsync(string runId, DashboardProject dashboard, CancellationToken cancellationToken)
    {
        var located = await dashboard.LocateAsync(cancellationToken).ConfigureAwait(false);
        if (!located.Succeeded || DashboardPaths.RunDirectory(located.Value, runId) is not { } directory)
        {
            return Results.NotFound($"No run '{runId}'.");
        }

        var logs = Path.Combine(directory, "logs");
        var names = Directory.Exists(logs)
            ? Directory.EnumerateFiles(logs).Select(Path.GetFileName).OfType<string>().Where(n => DashboardPaths.LogFile(directory, n) is not null).Order(StringComparer.Ordinal).ToList()
            : [];
        return Results.Json(names, DashboardJson.TypeInfo<List<string>>());
    }

    /// <summary>
    /// The chunk's diff in the session tree: its changed files (as the journal recorded them, else the files it owns)
    /// against HEAD, untracked ones as new files. After close committed them the diff is empty: the commit holds them.
    /// </summary>
    private static async Task<IResult> DiffAsync(string runId, string chunkId, DashboardProject dashboard, IGit git, CancellationToken cancellationToken)
    {
        var located = await dashboard.LocateAsync(cancellationToken).ConfigureAwait(false);
        if (!located.Succeeded || DashboardPaths.RunDirectory(located.Value, runId) is not { } directory
            || RunJournal.ReadSnapshot(directory) is not { } snapshot || snapshot.Chunks.FirstOrDefault(c => c.Id == chunkId) is not { } chunk)
        {
            return Results.NotFound($"No chunk '{chunkId}' in run '{runId}'.");
        }

        var sessionId = RunSetupRecord.Read(directory)?.SessionId;
        var state = sessionId is null ? null : (await new SessionStore(located.Value.SessionsDirectory).LoadAsync(sessionId, cancellationToken).ConfigureAwait(false)).Value;
        if (state is null || !Directory.Exists(state.WorkTree))
        {
            return Results.Text("(the session tree is gone)", "text/plain", Encoding.UTF8);
        }

        // The files the run recorded, else the files the chunk owns (a runner may not report them).
        var owned = chunk.FilesChanged.Count > 0 ? chunk.FilesChanged
            : SessionChunkPlan.Parse(await DashboardSessionFiles.ReadAsync(located.Value, state.Session, SessionDocuments.Chunks, cancellationToken).ConfigureAwait(false) ?? "{}", out _)?
                .Chunks.FirstOrDefault(c => c.Id == chunkId)?.Files ?? [];
        if (owned.Count == 0)
        {
            return Results.Text("(the chunk changed no files)", "text/plain", Encoding.UTF8);
        }

        // Only paths inside the session tree: a journal is data, not a list of places to read.
        var files = owned.Where(f => RealPaths.IsInsideLexically(Path.GetFullPath(Path.Combine(state.WorkTree, f)), state.WorkTree)).ToList();
        var diff = new StringBuilder((await git.RunAsync(state.WorkTree, ["--literal-pathspecs", "diff", "--no-color", "--no-ext-diff", "HEAD", "--", .. files], cancellationToken).ConfigureAwait(false)).StandardOutput);
        var untracked = await git.RunAsync(state.WorkTree, ["--literal-pathspecs", "ls-files", "--others", "--exclude-standard", "--", .. files], cancellationToken).ConfigureAwait(false);
        foreach (var file in untracked.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            diff.Append((await git.RunAsync(state.WorkTree, ["diff", "--no-color", "--no-index", "--", "/dev/null", file], cancellationToken).ConfigureAwait(false)).StandardOutput);
        }

        var text = diff.Length == 0 ? "(no uncommitted change in the chunk's files: close may have committed them)" : diff.ToString();
        return Results.Text(text.Length > MaxDiffChars ? text[..MaxDiffChars] + "\n[diff cut]" : text, "text/plain", Encoding.UTF8);
    }

    private static async Task<IResult> ControlAsync(string runId, HttpContext context, DashboardProject dashboard, CancellationToken cancellationToken,
        Func<ProjectContext, Task<string?>> act)
    {
        if (!context.Request.HasJsonContentType())
        {
            return Results.Text("Send the request as JSON ({}).", statusCode: StatusCodes.Status415UnsupportedMediaType);
        }

        var located = await dashboard.LocateAsync(cancellationToken).ConfigureAwait(false);
        if (!located.Succeeded || DashboardPaths.RunDirectory(located.Value, runId) is null)
        {
            return Results.NotFound($"No run '{runId}'.");
        }

        var refused = await act(located.Value).ConfigureAwait(false);
        return refused is null ? Results.Json(new DashboardRunControl(runId), DashboardJson.TypeInfo<DashboardRunControl>()) : Results.Text(refused, statusCode: StatusCodes.Status409Conflict);
    }
}
