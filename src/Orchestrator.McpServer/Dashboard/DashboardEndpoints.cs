using System.Text.Json;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orchestrator.Core.Common;
using Orchestrator.Core.Gates;
using Orchestrator.Core.Sessions;
using Orchestrator.McpServer.Dashboard.Views;
using Orchestrator.McpServer.Hosting.Http;

namespace Orchestrator.McpServer.Dashboard;

/// <summary>
/// The dashboard: the page at <c>/</c> and its read API under <c>/api</c> (overview, a run, its result and logs, and
/// a server-sent-events stream that pushes a fresh overview and run whenever a session file or journal changes).
/// </summary>
internal static class DashboardEndpoints
{
    /// <summary>Largest log tail sent to the page; agent logs can be long.</summary>
    private const int MaxLogBytes = 1024 * 1024;

    private static readonly TimeSpan KeepAliveInterval = TimeSpan.FromSeconds(15);

    /// <summary>Recorded as the gate's decided_by: a person on the page, told apart from an MCP client's decision.</summary>
    public const string DecidedBy = GatePolicy.DecidedByDashboard;

    public static IServiceCollection AddOrchestratorDashboard(this IServiceCollection services)
    {
        services.AddSingleton<DashboardProject>();
        return services;
    }

    public static IEndpointRouteBuilder MapOrchestratorDashboard(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", context => ServeAssetAsync(context, "index.html"));
        app.MapGet("/dashboard/{name}", (HttpContext context, string name) => ServeAssetAsync(context, name));
        app.MapGet("/api/overview", OverviewAsync);
        app.MapGet("/api/runs/{runId}", RunAsync);
        app.MapGet("/api/runs/{runId}/result", ResultAsync);
        app.MapGet("/api/runs/{runId}/logs/{name}", LogAsync);
        app.MapGet("/api/stream", StreamAsync);
        app.MapPost("/api/sessions/{sessionId}/gates/{gate}", DecideGateAsync);
        app.MapDashboardSessionViews();
        return app;
    }

    private static async Task ServeAssetAsync(HttpContext context, string name)
    {
        if (!DashboardAssets.TryGet(name, out var contentType, out var content))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        var headers = context.Response.Headers;
        headers.ContentType = contentType;
        headers.CacheControl = "no-cache";
        headers.XContentTypeOptions = "nosniff";
        // No framing (the page has approve buttons), no scripts or connections but our own, no referrer leaks.
        headers.ContentSecurityPolicy = "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        await context.Response.Body.WriteAsync(content, context.RequestAborted).ConfigureAwait(false);
    }

    private static async Task<IResult> OverviewAsync(HttpContext context, DashboardProject project, CancellationToken cancellationToken)
    {
        var located = await project.LocateAsync(cancellationToken).ConfigureAwait(false);
        if (!located.Succeeded)
        {
            return Json(new DashboardOverview(null, false, [], [], located.Error.Message));
        }

        return Json(await OverviewOfAsync(project, located.Value, cancellationToken).ConfigureAwait(false));
    }

    private static async Task<IResult> RunAsync(string runId, DashboardProject project, CancellationToken cancellationToken)
    {
        var located = await project.LocateAsync(cancellationToken).ConfigureAwait(false);
        if (!located.Succeeded)
        {
            return Results.Problem(located.Error.Message, statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        var sessions = await DashboardReader.ReadSessionsAsync(located.Value, cancellationToken).ConfigureAwait(false);
        return DashboardReader.ReadRun(located.Value, runId, sessions, (id, session) => project.IsRunLive(located.Value, id, session)) is { } run
            ? Json(run)
            : Results.NotFound($"No run '{runId}' with a journal under .orchestrator/runs.");
    }

    private static async Task<IResult> ResultAsync(string runId, DashboardProject project, CancellationToken cancellationToken)
    {
        var located = await project.LocateAsync(cancellationToken).ConfigureAwait(false);
        if (!located.Succeeded || DashboardPaths.RunDirectory(located.Value, runId) is not { } directory)
        {
            return Results.NotFound($"No run '{runId}'.");
        }

        return DashboardPaths.ServableResultFile(directory) is { } path
            ? Results.Text(await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false), "application/json", Encoding.UTF8)
            : Results.NotFound($"Run '{runId}' has no result yet (it is written when the run ends).");
    }

    private static async Task<IResult> LogAsync(string runId, string name, DashboardProject project, CancellationToken cancellationToken)
    {
        var located = await project.LocateAsync(cancellationToken).ConfigureAwait(false);
        if (!located.Succeeded || DashboardPaths.RunDirectory(located.Value, runId) is not { } directory
            || DashboardPaths.LogFile(directory, name) is not { } path)
        {
            return Results.NotFound($"No log '{name}' in run '{runId}' (logs are plain files in the run's logs folder).");
        }

        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var skipped = Math.Max(0, stream.Length - MaxLogBytes);
        stream.Seek(skipped, SeekOrigin.Begin);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var text = await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        return Results.Text(skipped > 0 ? $"[first {skipped} bytes not shown]\n{text}" : text, "text/plain", Encoding.UTF8);
    }

    /// <summary>
    /// Decides an open gate through the same <see cref="GateService"/> as the approve tool. Reached only past the access
    /// policy: same-origin (or loopback) pages, and with the bearer token when the server has one.
    /// </summary>
    private static async Task<IResult> DecideGateAsync(string sessionId, string gate, HttpContext context, DashboardProject project,
        GateService gates, CancellationToken cancellationToken)
    {
        // JSON only: a cross-site form cannot send it without a CORS preflight, which this server never grants.
        if (!context.Request.HasJsonContentType())
        {
            return Results.Text("Send the decision as JSON: {\"decision\": \"approve\", \"note\": \"optional\"}.", statusCode: StatusCodes.Status415UnsupportedMediaType);
        }

        GateDecisionRequest? request;
        try
        {
            request = await context.Request.ReadFromJsonAsync(DashboardJson.TypeInfo<GateDecisionRequest>(), cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException)
        {
            request = null;
        }

        if (request is null || string.IsNullOrWhiteSpace(request.Decision))
        {
            return Results.BadRequest("Send {\"decision\": \"approve\" | \"refine\" | \"stop\" (plan, build), \"approve\" | \"stop\" (publish), \"address\" | \"defer\" (concerns) or \"retry\" | \"retry_up\" | \"address\" | \"defer\" | \"abandon\" (failures), \"note\": \"optional\"}.");
        }

        var located = await project.LocateAsync(cancellationToken).ConfigureAwait(false);
        if (!located.Succeeded)
        {
            return Results.Problem(located.Error.Message, statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        var decided = await gates.DecideAsync(located.Value, sessionId, gate, request.Decision, request.Note, DecidedBy, cancellationToken).ConfigureAwait(false);
        if (!decided.Succeeded)
        {
            var status = decided.Error.Code switch
            {
                ErrorCode.UnknownSession => StatusCodes.Status404NotFound,
                ErrorCode.InvalidArgument => StatusCodes.Status400BadRequest,
                _ => StatusCodes.Status409Conflict,
            };
            return Results.Text(decided.Error.Message, statusCode: status);
        }

        var value = decided.Value;
        return Json(new DashboardGateDecision(sessionId, value.Gate, value.Decision, value.DecidedBy, value.Status, value.Note, value.Phase));
    }

    /// <summary>
    /// Server-sent events: <c>overview</c> (and <c>run</c> when <c>?run=</c> names one) at once and after every change
    /// on disk; a comment line now and then keeps proxies from closing an idle stream.
    /// </summary>
    private static async Task StreamAsync(HttpContext context, DashboardProject project, HttpServerOptions options, IHostApplicationLifetime lifetime)
    {
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        var cancellationToken = stopping.Token;
        var runId = context.Request.Query["run"].ToString() is { Length: > 0 } given ? given : null;
        context.Response.Headers.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache,no-store";
        context.Features.GetRequiredFeature<IHttpResponseBodyFeature>().DisableBuffering();
        await context.Response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);

        string? lastFingerprint = null;
        var lastWrite = options.Time.GetTimestamp();
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var located = await project.LocateAsync(cancellationToken).ConfigureAwait(false);
                if (located.Succeeded)
                {
                    var fingerprint = DashboardReader.Fingerprint(located.Value, runId, id => project.IsRunLive(located.Value, id, null));
                    if (fingerprint != lastFingerprint)
                    {
                        lastFingerprint = fingerprint;
                        var overview = await OverviewOfAsync(project, located.Value, cancellationToken).ConfigureAwait(false);
                        await WriteEventAsync(context, "overview", overview, cancellationToken).ConfigureAwait(false);
                        if (runId is not null && DashboardReader.ReadRun(located.Value, runId, overview.Sessions, (id, session) => project.IsRunLive(located.Value, id, session)) is { } run)
                        {
                            await WriteEventAsync(context, "run", run, cancellationToken).ConfigureAwait(false);
                        }

                        lastWrite = options.Time.GetTimestamp();
                    }
                }

                if (options.Time.GetElapsedTime(lastWrite) > KeepAliveInterval)
                {
                    await context.Response.WriteAsync(": keep-alive\n\n", cancellationToken).ConfigureAwait(false);
                    await context.Response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
                    lastWrite = options.Time.GetTimestamp();
                }

                await Task.Delay(options.DashboardPollInterval, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The page went away or the server is stopping.
        }
    }

    private static async Task<DashboardOverview> OverviewOfAsync(DashboardProject dashboard, ProjectContext project, CancellationToken cancellationToken)
    {
        var sessions = await DashboardReader.ReadSessionsAsync(project, cancellationToken).ConfigureAwait(false);
        return new DashboardOverview(project.MainWorkTreeRoot, true, sessions, DashboardReader.ReadRuns(project, sessions, (id, session) => dashboard.IsRunLive(project, id, session)), null);
    }

    private static async Task WriteEventAsync<T>(HttpContext context, string name, T value, CancellationToken cancellationToken)
    {
        var json = JsonSerializer.Serialize(value, DashboardJson.TypeInfo<T>());
        await context.Response.WriteAsync($"event: {name}\ndata: {json}\n\n", cancellationToken).ConfigureAwait(false);
        await context.Response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private static IResult Json<T>(T value) => Results.Json(value, DashboardJson.TypeInfo<T>());
}
