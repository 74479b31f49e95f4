using System.Globalization;
using Orchestrator.Core.Options;
using Orchestrator.Core.Trackers;

namespace Orchestrator.Core.Tests.Trackers;

/// <summary>The Octokit-backed GitHub tracker against the loopback fake: pagination both ways and the rate-limit answers.</summary>
public sealed class GitHubOctokitTests
{
    private const string Token = "ghp_OCTOsecret0987654321";
    private const string Marker = "orchestrator-carryover-00112233aabbccdd";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static IssueDraft Draft() =>
        new("[Carryover] Farewell", $"Remaining work\n\n<!-- {Marker} -->\n", ["priority:medium", "status:ready"], Marker);

    private static IIssueTracker Tracker(FakeTrackerServer server) =>
        new IssueTrackerFactory(new HttpClient(), name => name == "GITHUB_TOKEN" ? Token : null, TimeProvider.System)
            .Create(new TrackerOptions { Kind = TrackerKinds.GitHub, ApiUrl = server.ApiUrl.AbsoluteUri, Repository = "octo/web" }, Path.GetTempPath()).Value!;

    [Fact]
    public async Task Labels_on_a_later_page_are_found_through_the_Link_header_and_not_created_again()
    {
        await using var server = await FakeTrackerServer.StartGitHubAsync("/api/v3", Ct);
        for (var i = 1; i < 150; i++)
        {
            server.Labels.Add((i, $"area:{i}"));
        }

        server.Labels.Add((150, "status:ready"));

        var created = await Tracker(server).CreateAsync(Draft(), Ct);

        Assert.True(created.Succeeded, created.Error?.Message);
        var labelPages = server.Requests.Where(r => r.Method == "GET" && r.PathAndQuery.StartsWith("/api/v3/repos/octo/web/labels", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, labelPages.Count);
        Assert.Contains("per_page=100", labelPages[0].PathAndQuery);
        Assert.Contains("page=2", labelPages[1].PathAndQuery);
        Assert.Equal(["priority:medium"], server.Labels.Skip(150).Select(l => l.Name));
        Assert.Equal(1, server.Requests.Count(r => r.Method == "POST" && r.PathAndQuery == "/api/v3/repos/octo/web/labels"));
        Assert.All(server.Requests, r => Assert.Equal("Bearer " + Token, r.Headers["authorization"]));
    }

    [Fact]
    public async Task The_marker_is_found_on_a_later_search_page_and_a_miss_stops_at_the_last_page()
    {
        await using var server = await FakeTrackerServer.StartGitHubAsync(cancellationToken: Ct);
        server.SearchDecoys = 45;
        server.Issues.Add(new() { ["number"] = 7, ["title"] = "filed before", ["body"] = Draft().Body, ["labels"] = new System.Text.Json.Nodes.JsonArray(), ["html_url"] = "https://example.invalid/octo/web/issues/7", ["state"] = "open" });
        var tracker = Tracker(server);

        var found = await tracker.FindOpenByMarkerAsync(Marker, Ct);
        var searches = server.Requests.Select(r => r.PathAndQuery).ToList();
        var missing = await tracker.FindOpenByMarkerAsync("orchestrator-carryover-ffffffffffffffff", Ct);

        Assert.Equal((7, "https://example.invalid/octo/web/issues/7"), (found.Value!.Number, found.Value.Location));
        Assert.Equal(3, searches.Count);
        Assert.All(searches, q => Assert.StartsWith("/search/issues?", q));
        Assert.Equal(["1", "2", "3"], searches.Select(q => System.Web.HttpUtility.ParseQueryString(new Uri("http://x" + q).Query)["page"]));
        Assert.True(missing.Succeeded);
        Assert.Null(missing.Value);
        Assert.Equal(3 + 3, server.Requests.Count); // 45 decoys at 20 a page: pages 1-3, then the total says stop
    }

    [Fact]
    public async Task A_429_with_an_exhausted_quota_says_when_it_resets()
    {
        await using var server = await FakeTrackerServer.StartGitHubAsync(cancellationToken: Ct);
        var reset = new DateTimeOffset(2026, 12, 1, 8, 30, 0, TimeSpan.Zero);
        server.FailWith = FakeTrackerServer.Status(429, "Too many requests",
            new() { ["X-RateLimit-Remaining"] = "0", ["X-RateLimit-Reset"] = reset.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) });

        var found = await Tracker(server).FindOpenByMarkerAsync(Marker, Ct);

        Assert.Equal(Core.Common.ErrorCode.TrackerFailed, found.Error!.Code);
        Assert.Contains("GitHub rate limit reached (429 for GET /search/issues", found.Error.Message);
        Assert.Contains("resets at 2026-12-01 08:30:00Z", found.Error.Message);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task A_secondary_rate_limit_403_with_retry_after_is_a_rate_limit_not_a_permission_problem()
    {
        await using var server = await FakeTrackerServer.StartGitHubAsync(cancellationToken: Ct);
        server.FailWith = FakeTrackerServer.Status(403, "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
            new() { ["Retry-After"] = "60" });

        var created = await Tracker(server).CreateAsync(Draft(), Ct);

        Assert.Contains("GitHub rate limit reached (403 for GET /repos/octo/web/labels", created.Error!.Message);
        Assert.Contains("It resets at", created.Error.Message);
        Assert.DoesNotContain("needs permission", created.Error.Message);
        Assert.Empty(server.Issues);
    }
}
