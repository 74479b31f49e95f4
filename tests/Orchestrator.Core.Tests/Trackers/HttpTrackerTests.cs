using System.Text.Json.Nodes;
using Orchestrator.Core.Common;
using Orchestrator.Core.Options;
using Orchestrator.Core.Trackers;

namespace Orchestrator.Core.Tests.Trackers;

public sealed class HttpTrackerTests
{
    private const string Token = "ghp_SECRETtoken1234567890";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static IssueDraft Draft(string marker = "orchestrator-carryover-0123456789abcdef") =>
        new("[Carryover] [FAILED] Farewell message", $"Remaining work\n\n<!-- {marker} -->\n", ["priority:medium", "status:ready"], marker);

    private static IIssueTracker GitHub(FakeTrackerServer server, string kind = TrackerKinds.GitHub) =>
        new IssueTrackerFactory(new HttpClient(), name => name == "GH_TOKEN" || name == "GITEA_TOKEN" ? Token : null, TimeProvider.System)
            .Create(new TrackerOptions { Kind = kind, ApiUrl = server.ApiUrl.AbsoluteUri, Repository = "octo/web" }, Path.GetTempPath()).Value!;

    [Fact]
    public async Task GitHub_searches_for_the_marker_creates_missing_labels_and_files_the_issue_once()
    {
        await using var server = await FakeTrackerServer.StartGitHubAsync(cancellationToken: Ct);
        server.Labels.Add((1, "status:ready"));
        var tracker = GitHub(server);

        var before = await tracker.FindOpenByMarkerAsync(Draft().Marker, Ct);
        var created = await tracker.CreateAsync(Draft(), Ct);
        var after = await tracker.FindOpenByMarkerAsync(Draft().Marker, Ct);
        var other = await tracker.FindOpenByMarkerAsync("orchestrator-carryover-ffffffffffffffff", Ct);

        Assert.True(before.Succeeded);
        Assert.Null(before.Value);
        Assert.Equal((1, "https://example.invalid/octo/web/issues/1"), (created.Value!.Number, created.Value.Location));
        Assert.Equal(1, after.Value!.Number);
        Assert.Null(other.Value);
        Assert.Equal(["status:ready", "priority:medium"], server.Labels.Select(l => l.Name));
        var issue = Assert.Single(server.Issues);
        Assert.Equal(["priority:medium", "status:ready"], issue["labels"]!.AsArray().Select(l => l!.GetValue<string>()));
        var requests = server.Requests.ToList();
        Assert.Equal(["GET /search/issues", "GET /repos/octo/web/labels", "POST /repos/octo/web/labels", "POST /repos/octo/web/issues", "GET /search/issues", "GET /search/issues"],
            requests.Select(r => $"{r.Method} {r.PathAndQuery.Split('?')[0]}"));
        // Octokit leaves ':' and '/' unescaped in the query string, so compare the decoded query, not one encoding of it.
        Assert.Equal("\"orchestrator-carryover-0123456789abcdef\" repo:octo/web is:issue is:open in:body",
            System.Web.HttpUtility.ParseQueryString(new Uri(server.BaseUrl, requests[0].PathAndQuery).Query)["q"]);
        Assert.All(requests, r => Assert.Equal("Bearer " + Token, r.Headers["authorization"]));
        Assert.All(requests, r => Assert.Equal("2022-11-28", r.Headers["x-github-api-version"]));
        Assert.Equal("ededed".Length, JsonNode.Parse(requests[2].Body)!["color"]!.GetValue<string>().Length);
    }

    [Fact]
    public async Task GitHub_Enterprise_base_path_is_kept()
    {
        await using var server = await FakeTrackerServer.StartGitHubAsync("/api/v3", Ct);

        var created = await GitHub(server).CreateAsync(Draft(), Ct);

        Assert.True(created.Succeeded, created.Error?.Message);
        Assert.All(server.Requests, r => Assert.StartsWith("/api/v3/", r.PathAndQuery));
    }

    [Fact]
    public async Task Unauthorized_is_reported_with_the_fix_and_without_the_token()
    {
        await using var server = await FakeTrackerServer.StartGitHubAsync(cancellationToken: Ct);
        server.FailWith = FakeTrackerServer.Status(401, $"Bad credentials for {Token}");

        var found = await GitHub(server).FindOpenByMarkerAsync(Draft().Marker, Ct);

        Assert.Equal(ErrorCode.TrackerFailed, found.Error!.Code);
        Assert.Contains("refused the token (401", found.Error.Message);
        Assert.Contains("Set a valid token in GH_TOKEN", found.Error.Message);
        Assert.DoesNotContain(Token, found.Error.Message);
    }

    [Fact]
    public async Task A_rate_limit_says_when_it_resets()
    {
        await using var server = await FakeTrackerServer.StartGitHubAsync(cancellationToken: Ct);
        var reset = new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);
        server.FailWith = FakeTrackerServer.Status(403, "API rate limit exceeded for user ID 1.",
            new() { ["x-ratelimit-remaining"] = "0", ["x-ratelimit-reset"] = reset.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture) });

        var created = await GitHub(server).CreateAsync(Draft(), Ct);

        Assert.Contains("rate limit reached (403", created.Error!.Message);
        Assert.Contains("resets at 2026-11-21 12:00:00Z", created.Error.Message);
        Assert.Empty(server.Issues);
    }

    [Fact]
    public async Task A_server_error_is_a_failure_not_an_exception()
    {
        await using var server = await FakeTrackerServer.StartGiteaAsync(Ct);
        server.FailWith = FakeTrackerServer.Status(500, "internal error");

        var created = await GitHub(server, TrackerKinds.Gitea).CreateAsync(Draft(), Ct);

        Assert.Contains("server error (500", created.Error!.Message);
        Assert.Contains("Try close again later", created.Error.Message);
    }

    [Fact]
    public async Task An_unreachable_tracker_is_a_failure_naming_the_url()
    {
        var server = await FakeTrackerServer.StartGitHubAsync(cancellationToken: Ct);
        var tracker = GitHub(server);
        await server.DisposeAsync();

        var found = await tracker.FindOpenByMarkerAsync(Draft().Marker, Ct);

        Assert.Contains("could not be reached", found.Error!.Message);
    }

    [Fact]
    public async Task Gitea_resolves_labels_to_ids_creates_missing_ones_and_finds_the_marker()
    {
        await using var server = await FakeTrackerServer.StartGiteaAsync(Ct);
        server.Labels.Add((7, "status:ready"));
        var tracker = GitHub(server, TrackerKinds.Gitea);

        var created = await tracker.CreateAsync(Draft(), Ct);
        var found = await tracker.FindOpenByMarkerAsync(Draft().Marker, Ct);

        Assert.Equal(1, created.Value!.Number);
        Assert.Equal(1, found.Value!.Number);
        var issue = Assert.Single(server.Issues);
        Assert.Equal([101L, 7L], issue["labels"]!.AsArray().Select(l => l!.GetValue<long>()));
        var requests = server.Requests.ToList();
        Assert.Equal("POST /api/v1/repos/octo/web/labels", $"{requests[1].Method} {requests[1].PathAndQuery}");
        Assert.Equal(("priority:medium", "#fbca04"), (JsonNode.Parse(requests[1].Body)!["name"]!.GetValue<string>(), JsonNode.Parse(requests[1].Body)!["color"]!.GetValue<string>()));
        Assert.Contains("q=orchestrator-carryover-0123456789abcdef", requests[^1].PathAndQuery);
        Assert.Contains("state=open", requests[^1].PathAndQuery);
        Assert.All(requests, r => Assert.Equal("token " + Token, r.Headers["authorization"]));
    }

    [Fact]
    public async Task Without_tracker_repository_the_issue_goes_to_the_repository_origin_names()
    {
        await using var server = await FakeTrackerServer.StartGitHubAsync(cancellationToken: Ct);
        var factory = new IssueTrackerFactory(new HttpClient(), name => name == "GH_TOKEN" ? Token : null, TimeProvider.System);
        var options = new TrackerOptions { Kind = TrackerKinds.GitHub, ApiUrl = server.ApiUrl.AbsoluteUri };

        var tracker = factory.Create(options, Path.GetTempPath(), "git@github.com:octo/web.git");
        var created = await tracker.Value!.CreateAsync(Draft(), Ct);
        var withoutOrigin = factory.Create(options, Path.GetTempPath(), "/srv/git/local.git");

        Assert.True(created.Succeeded, created.Error?.Message);
        Assert.Contains(server.Requests, r => r.Method == "POST" && r.PathAndQuery == "/repos/octo/web/issues");
        Assert.Contains("origin remote names no owner/name", withoutOrigin.Error!.Message);
    }

    [Fact]
    public void The_factory_names_missing_settings()
    {
        var factory = new IssueTrackerFactory(new HttpClient(), _ => null, TimeProvider.System);

        var noRepo = factory.Create(new TrackerOptions { Kind = "github" }, "/tmp");
        var noToken = factory.Create(new TrackerOptions { Kind = "github", Repository = "octo/web" }, "/tmp");
        var giteaNoUrl = factory.Create(new TrackerOptions { Kind = "gitea", Repository = "octo/web" }, "/tmp");
        var unknown = factory.Create(new TrackerOptions { Kind = "jira" }, "/tmp");
        var local = factory.Create(new TrackerOptions(), "/tmp");

        Assert.Contains("owner/name", noRepo.Error!.Message);
        Assert.Contains("GITHUB_TOKEN, GH_TOKEN", noToken.Error!.Message);
        Assert.Contains("tracker.api_url", giteaNoUrl.Error!.Message);
        Assert.Contains("local, github, gitea", unknown.Error!.Message);
        Assert.Equal("local", local.Value!.Kind);
    }
}
