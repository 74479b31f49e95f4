using System.Text.Json;
using Orchestrator.Core.Close;
using Orchestrator.Core.Common;
using Orchestrator.Core.Tests.Trackers;
using Orchestrator.Core.Trackers;

namespace Orchestrator.Core.Tests.Close;

public sealed class CloseTrackerFailureTests
{
    private const string Token = "ghp_TOPSECRET_0123456789abcdef";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_failing_tracker_is_reported_close_goes_on_and_the_token_appears_nowhere()
    {
        await using var server = await FakeTrackerServer.StartGitHubAsync(cancellationToken: Ct);
        server.FailWith = FakeTrackerServer.Status(500, $"upstream exploded while checking {Token}");
        await using var harness = await CloseHarness.CreateAsync(Ct,
            config: $"tracker:\n  kind: github\n  api_url: {server.ApiUrl.AbsoluteUri}\n  repository: octo/web\n");
        var logger = new ListLogger<CloseService>();
        var trackers = new IssueTrackerFactory(new HttpClient(), name => name == "GITHUB_TOKEN" ? Token : null, TimeProvider.System);

        var result = await harness.CloseAsync(new CloseRequest(harness.SessionId), Ct, trackers: trackers, logger: logger);

        var issue = Assert.Single(result.Issues);
        Assert.Equal("failed", issue.Status.ToSnakeCase());
        Assert.Contains("server error (500", issue.Error);
        Assert.Contains(result.Problems, p => p.Contains("not filed in the github tracker", StringComparison.Ordinal));
        Assert.Equal("committed", result.CommitStatus.ToSnakeCase());
        Assert.Contains("issue NOT filed", result.Report);
        Assert.Equal("Bearer " + Token, Assert.Single(server.Requests).Headers["authorization"]);
        var everything = JsonSerializer.Serialize(result) + string.Join('\n', logger.Messages)
            + File.ReadAllText(result.ReportPath!) + File.ReadAllText(result.HandoverPath!);
        Assert.Contains("upstream exploded", everything);
        Assert.DoesNotContain(Token, everything);
        Assert.Contains(logger.Messages, m => m.Contains("tracker failed", StringComparison.Ordinal));
    }
}
