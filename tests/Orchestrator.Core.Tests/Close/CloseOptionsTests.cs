using Orchestrator.Core.Options;

namespace Orchestrator.Core.Tests.Close;

public sealed class CloseOptionsTests
{
    [Fact]
    public void Tracker_and_close_keys_parse_and_default()
    {
        const string yaml = """
            tracker:
              kind: github
              api_url: https://ghe.example.com/api/v3
              repository: octo-org/web-app
              token_env: [MY_TOKEN]
            close:
              allow_default_branch_commit: true
              push_remote: upstream
              mirror_remote: ""
              snapshot_max_age_days: 7
              review_diff: false
              review_runner: codex
            """;

        var outcome = OptionsLoader.Parse(yaml, "config.yaml");
        Assert.True(outcome.Succeeded, outcome.Error?.Message);
        var parsed = outcome.Value;
        var defaults = OrchestratorOptions.Default;

        Assert.Equal(("github", "https://ghe.example.com/api/v3", "octo-org/web-app"), (parsed.Tracker.Kind, parsed.Tracker.ApiUrl, parsed.Tracker.Repository));
        Assert.Equal(["MY_TOKEN"], parsed.Tracker.EffectiveTokenEnv);
        Assert.Equal((true, "upstream", "", 7, false, "codex"),
            (parsed.Close.AllowDefaultBranchCommit, parsed.Close.PushRemote, parsed.Close.MirrorRemote, parsed.Close.SnapshotMaxAgeDays, parsed.Close.ReviewDiff, parsed.Close.ReviewRunner));
        Assert.Null(defaults.Close.ReviewRunner);
        Assert.Equal(("local", false, "origin", "github", 14), (defaults.Tracker.Kind, defaults.Close.AllowDefaultBranchCommit, defaults.Close.PushRemote, defaults.Close.MirrorRemote, defaults.Close.SnapshotMaxAgeDays));
        Assert.Equal(["GITHUB_TOKEN", "GH_TOKEN"], defaults.Tracker.EffectiveTokenEnv);
        Assert.Equal(["GITEA_TOKEN"], new TrackerOptions { Kind = "gitea" }.EffectiveTokenEnv);
        var typo = OptionsLoader.Parse("close:\n  mirror: github\n", "config.yaml");
        Assert.False(typo.Succeeded, typo.Value?.Close.MirrorRemote);
        Assert.Contains("line", typo.Error!.Message);
    }
}
