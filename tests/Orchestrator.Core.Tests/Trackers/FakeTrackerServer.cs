using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Orchestrator.Core.Tests.Trackers;

/// <summary>
/// Kestrel on 127.0.0.1:0 answering as GitHub's or Gitea's REST endpoints for issues, labels and issue search, with
/// an in-memory repository, a request log, and a switch to fail every request (401, 403 rate limit, 500). GitHub's
/// label list and issue search are paged like GitHub's (<c>page</c>/<c>per_page</c>, a <c>Link</c> header to the next
/// label page), and GitHub issues are answered with label objects as GitHub does.
/// </summary>
internal sealed class FakeTrackerServer : IAsyncDisposable
{
    private readonly bool _gitea;
    private readonly string _prefix;
    private readonly object _gate = new();
    private WebApplication? _app;

    private FakeTrackerServer(bool gitea, string prefix)
    {
        _gitea = gitea;
        _prefix = prefix;
    }

    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>The URL to configure as tracker.api_url.</summary>
    public Uri ApiUrl => new(BaseUrl, _prefix.TrimStart('/'));

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    public List<(long Id, string Name)> Labels { get; } = [];

    public List<JsonObject> Issues { get; } = [];

    /// <summary>Issues the GitHub search returns before the real matches (search matches words, not the whole marker).</summary>
    public int SearchDecoys { get; set; }

    /// <summary>When set, every request gets this answer.</summary>
    public Func<HttpContext, Task>? FailWith { get; set; }

    public static async Task<FakeTrackerServer> StartGitHubAsync(string prefix = "", CancellationToken cancellationToken = default) =>
        await StartAsync(new FakeTrackerServer(false, prefix), cancellationToken);

    public static async Task<FakeTrackerServer> StartGiteaAsync(CancellationToken cancellationToken = default) =>
        await StartAsync(new FakeTrackerServer(true, ""), cancellationToken);

    public static Func<HttpContext, Task> Status(int status, string message, Dictionary<string, string>? headers = null) => async context =>
    {
        context.Response.StatusCode = status;
        foreach (var (name, value) in headers ?? [])
        {
            context.Response.Headers[name] = value;
        }

        await context.Response.WriteAsJsonAsync(new { message, documentation_url = "https://docs.github.com/rest" });
    };

    private static async Task<FakeTrackerServer> StartAsync(FakeTrackerServer server, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.Run(server.HandleAsync);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        server.BaseUrl = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal) + "/");
        server._app = app;
        return server;
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var text = await reader.ReadToEndAsync(context.RequestAborted);
        var request = new RecordedRequest(context.Request.Method, context.Request.Path + context.Request.QueryString,
            context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString()), text);
        Requests.Enqueue(request);
        if (FailWith is { } fail)
        {
            await fail(context);
            return;
        }

        var path = context.Request.Path.Value ?? "";
        if (!path.StartsWith(_prefix, StringComparison.Ordinal))
        {
            await Status(404, "Not Found")(context);
            return;
        }

        path = path[_prefix.Length..];
        var body = text.Length > 0 ? JsonNode.Parse(text) : null;
        var repo = _gitea ? "/api/v1/repos/octo/web" : "/repos/octo/web";
        (int Status, JsonNode? Body, string? Link) answer;
        lock (_gate)
        {
            answer = Answer(context, path, body, repo);
        }

        if (answer.Link is not null)
        {
            context.Response.Headers["Link"] = answer.Link;
        }

        context.Response.StatusCode = answer.Status;
        if (answer.Body is not null)
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(answer.Body.ToJsonString(), context.RequestAborted);
        }
    }

    private (int Status, JsonNode? Body, string? Link) Answer(HttpContext context, string path, JsonNode? body, string repo)
    {
        switch (context.Request.Method, path)
        {
            case ("GET", "/search/issues") when !_gitea:
                var q = context.Request.Query["q"].ToString();
                var term = q.Split('"')[1];
                var decoys = Enumerable.Range(1, SearchDecoys).Select(n => new JsonObject
                {
                    ["number"] = 1000 + n, ["title"] = $"decoy {n}", ["body"] = "mentions orchestrator carryover", ["html_url"] = "https://example.invalid/decoy", ["state"] = "open",
                });
                var found = decoys.Concat(Issues.Where(i => i["body"]!.GetValue<string>().Contains(term, StringComparison.Ordinal)).Select(GitHubIssue)).ToList();
                var (items, _) = Page(context, found, "");
                return (200, new JsonObject { ["total_count"] = found.Count, ["items"] = new JsonArray(items.ToArray<JsonNode>()) }, null);
            case ("GET", _) when path == repo + "/issues" && _gitea:
                var keyword = context.Request.Query["q"].ToString();
                return (200, new JsonArray(Issues.Where(i => i["body"]!.GetValue<string>().Contains(keyword, StringComparison.Ordinal)).Select(i => i.DeepClone()).ToArray()), null);
            case ("GET", _) when path == repo + "/labels":
                var all = Labels.Select(l => new JsonObject { ["id"] = l.Id, ["name"] = l.Name, ["color"] = "ededed" }).ToList();
                var (labels, link) = _gitea ? (all, null) : Page(context, all, _prefix + path);
                return (200, new JsonArray(labels.ToArray<JsonNode>()), link);
            case ("POST", _) when path == repo + "/labels":
                var label = (Labels.Count + 100L, body!["name"]!.GetValue<string>());
                Labels.Add(label);
                return (201, new JsonObject { ["id"] = label.Item1, ["name"] = label.Item2, ["color"] = body["color"]!.GetValue<string>() }, null);
            case ("POST", _) when path == repo + "/issues":
                var number = Issues.Count + 1;
                var issue = new JsonObject
                {
                    ["number"] = number,
                    ["title"] = body!["title"]!.GetValue<string>(),
                    ["body"] = body["body"]!.GetValue<string>(),
                    ["labels"] = body["labels"]!.DeepClone(),
                    ["html_url"] = $"https://example.invalid/octo/web/issues/{number}",
                    ["state"] = "open",
                };
                Issues.Add(issue);
                return (201, _gitea ? issue.DeepClone() : GitHubIssue(issue), null);
            default:
                return (404, null, null);
        }
    }

    // GitHub answers labels as objects; Issues keeps what the client sent (names for GitHub, ids for Gitea).
    private static JsonObject GitHubIssue(JsonObject issue)
    {
        var answer = (JsonObject)issue.DeepClone();
        answer["labels"] = new JsonArray(issue["labels"]!.AsArray().Select(l => (JsonNode)new JsonObject { ["name"] = l!.GetValue<string>() }).ToArray());
        return answer;
    }

    /// <summary>GitHub paging: <c>page</c> from 1, <c>per_page</c> (default 30), and a Link to the next page when there is one.</summary>
    private (List<JsonObject> Items, string? Link) Page(HttpContext context, List<JsonObject> all, string path)
    {
        var page = int.TryParse(context.Request.Query["page"], out var p) && p > 0 ? p : 1;
        var size = int.TryParse(context.Request.Query["per_page"], out var s) && s > 0 ? s : 30;
        var items = all.Skip((page - 1) * size).Take(size).ToList();
        var link = page * size < all.Count ? $"<{new Uri(BaseUrl, path.TrimStart('/'))}?per_page={size}&page={page + 1}>; rel=\"next\"" : null;
        return (items, link);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync(CancellationToken.None);
            await _app.DisposeAsync();
        }
    }
}
