using System.Text.Json;
using Orchestrator.Core.Build.Verification;
using Orchestrator.Core.Close;
using Orchestrator.Core.Close.Commits;
using Orchestrator.Core.Close.Issues;
using Orchestrator.Core.Close.QualityGate;
using Orchestrator.Core.Close.Records;
using Orchestrator.Core.Close.Verification;
using Orchestrator.Core.Common;

namespace Orchestrator.Core.Tests.Close;

/// <summary>Close's statuses are enums, but their JSON and text stay the contract's snake_case strings.</summary>
public sealed class CloseStatusJsonTests
{
    [Fact]
    public void Every_status_is_written_and_read_as_the_contract_string()
    {
        AssertNames<CommitStatus>("skipped", "committed", "would_commit", "blocked", "nothing_to_commit", "failed", "awaiting_approval");
        AssertNames<ChunkVerdictStatus>("done", "partial", "failed", "not_started");
        AssertNames<IssueStatus>("created", "exists", "would_create", "skipped", "failed");
        AssertNames<PushStatus>("skipped", "pushed", "would_push", "failed");
        AssertNames<QualityGateStatus>("not_run", "passed", "failed", "skipped");
        AssertNames<GateCheckStatus>("not_run", "passed", "failed", "timed_out", "skipped");
        AssertNames<DiffReviewStatus>("skipped", "completed", "failed");
    }

    [Fact]
    public void A_metrics_line_carries_its_statuses_as_strings()
    {
        var metrics = new SessionMetrics
        {
            SessionId = "s1",
            SessionType = "feature",
            Branch = "feature/s1",
            StartedAt = DateTimeOffset.UnixEpoch,
            EndedAt = DateTimeOffset.UnixEpoch,
            Tests = GateCheckStatus.TimedOut,
            Gate = QualityGateStatus.NotRun,
            Mirror = PushStatus.WouldPush,
        };

        var line = JsonSerializer.Serialize(metrics, CloseJson.Lines);

        Assert.Contains("\"tests\":\"timed_out\",\"gate\":\"not_run\",\"commits\":0,\"mirror\":\"would_push\"", line);
        Assert.Equal(metrics with { Tiers = metrics.Tiers, Waves = metrics.Waves }, JsonSerializer.Deserialize<SessionMetrics>(line, CloseJson.Lines)! with { Tiers = metrics.Tiers, Waves = metrics.Waves });
    }

    private static void AssertNames<T>(params string[] expected)
        where T : struct, Enum
    {
        Assert.Equal(expected.Order(StringComparer.Ordinal), Enum.GetValues<T>().Select(v => v.ToSnakeCase()).Order(StringComparer.Ordinal));
        foreach (var value in Enum.GetValues<T>())
        {
            var json = JsonSerializer.Serialize(value);
            Assert.Equal($"\"{value.ToSnakeCase()}\"", json);
            Assert.Equal(value, JsonSerializer.Deserialize<T>(json));
        }
    }
}
