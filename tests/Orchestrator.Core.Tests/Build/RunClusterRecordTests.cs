using Orchestrator.Core.Build.Runs;
using Orchestrator.Core.Options;

namespace Orchestrator.Core.Tests.Build;

/// <summary>Where a run's agents go is kept with the run (without secrets) and a resume uses it, or says what is missing.</summary>
public sealed class RunClusterRecordTests
{
    [Fact]
    public void A_run_records_its_cluster_without_the_redis_credentials()
    {
        var record = RunClusterRecord.From(new ClusterTarget("redis://:s3cret-pass@10.0.0.5:6380/2", "TEAM_SECRET"));

        Assert.Equal("redis://10.0.0.5:6380/2", record.Membership);
        Assert.Equal("TEAM_SECRET", record.SecretEnv);
        Assert.True(record.MembershipHasCredentials);
        Assert.Equal(RunClusterRecord.Local, RunClusterRecord.From(null));
    }

    [Fact]
    public void A_resume_by_a_server_without_cluster_settings_uses_the_recorded_cluster()
    {
        var record = RunClusterRecord.From(new ClusterTarget("redis://127.0.0.1:6379", "TEAM_SECRET"));

        var resolved = RunClusterRecord.Resolve(record, current: null, "run-1");

        Assert.True(resolved.Succeeded);
        Assert.Equal(new ClusterTarget("redis://127.0.0.1:6379", "TEAM_SECRET"), resolved.Value);
    }

    [Fact]
    public void The_redis_password_comes_from_the_resuming_server_when_it_names_the_same_store()
    {
        var record = RunClusterRecord.From(new ClusterTarget("redis://:s3cret-pass@10.0.0.5:6380", "TEAM_SECRET"));

        var resolved = RunClusterRecord.Resolve(record, new ClusterTarget("redis://:s3cret-pass@10.0.0.5:6380", ClusterTarget.DefaultSecretEnv), "run-1");

        Assert.True(resolved.Succeeded);
        Assert.Equal(new ClusterTarget("redis://:s3cret-pass@10.0.0.5:6380", "TEAM_SECRET"), resolved.Value);
    }

    [Fact]
    public void Without_the_redis_password_a_resume_is_refused_naming_what_to_give()
    {
        var record = RunClusterRecord.From(new ClusterTarget("redis://:s3cret-pass@10.0.0.5:6380", "TEAM_SECRET"));

        var alone = RunClusterRecord.Resolve(record, current: null, "run-1");
        var otherCluster = RunClusterRecord.Resolve(record, new ClusterTarget("redis://10.0.0.9:6379", "TEAM_SECRET"), "run-1");

        Assert.False(alone.Succeeded);
        Assert.Contains("redis://10.0.0.5:6380", alone.Error.Message);
        Assert.Contains("--cluster", alone.Error.Message);
        Assert.DoesNotContain("s3cret-pass", alone.Error.Message);
        Assert.False(otherCluster.Succeeded);
    }

    [Fact]
    public void A_run_recorded_as_local_stays_local_on_a_cluster_server_and_an_unrecorded_one_uses_the_server()
    {
        var server = new ClusterTarget("redis://127.0.0.1:6379", ClusterTarget.DefaultSecretEnv);

        var local = RunClusterRecord.Resolve(RunClusterRecord.Local, server, "run-1");
        var legacy = RunClusterRecord.Resolve(null, server, "run-1");

        Assert.True(local.Succeeded);
        Assert.Null(local.Value);
        Assert.Equal(server, legacy.Value);
    }

    [Fact]
    public void The_cluster_comes_from_config_yaml_before_the_servers_flag()
    {
        var configured = new OrchestratorOptions { Cluster = new ClusterOptions { Membership = "redis://10.0.0.5:6379", SecretEnv = "TEAM_SECRET" } };

        Assert.Equal(new ClusterTarget("redis://10.0.0.5:6379", "TEAM_SECRET"), ClusterTarget.Of(configured, "redis://127.0.0.1:6379"));
        Assert.Equal(new ClusterTarget("redis://127.0.0.1:6379", ClusterTarget.DefaultSecretEnv), ClusterTarget.Of(new OrchestratorOptions(), "redis://127.0.0.1:6379"));
        Assert.Null(ClusterTarget.Of(new OrchestratorOptions(), null));
    }
}
