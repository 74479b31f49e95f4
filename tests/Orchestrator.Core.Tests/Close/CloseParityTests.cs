using Orchestrator.Core.Agents.Answers;
using Orchestrator.Core.Close;
using Orchestrator.Core.Close.Commits;
using Orchestrator.Core.Close.Discovery;
using Orchestrator.Core.Close.Drift;
using Orchestrator.Core.Git;
using Orchestrator.Core.Processes;
using Orchestrator.Core.Sessions;
using Orchestrator.Testing;

namespace Orchestrator.Core.Tests.Close;

/// <summary>
/// Close as the source's session end: subjects keep a scope's case, STATE.md's wave counters and sections, nits, cents,
/// the safety review, the discovery scan, the doc drift check, the per-wave metrics and the hand-off.
/// </summary>
public sealed class CloseParityTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("Greeting message for new users", "greeting message for new users")]
    [InlineData("API client for users", "API client for users")]
    [InlineData("CHUNK=3 splits the loader", "CHUNK=3 splits the loader")]
    [InlineData("iOS build", "iOS build")]
    [InlineData("GitHub sync", "GitHub sync")]
    [InlineData("Chunk=3 splits", "Chunk=3 splits")]
    public void A_commit_subject_lowers_only_an_ordinary_first_word(string scope, string expected) =>
        Assert.Equal(expected, CommitPlanner.LowerFirstWord(scope));

    [Fact]
    public async Task Close_keeps_state_counters_sections_nits_and_cents_and_reports_safety_discovery_waves_and_hand_off()
    {
        await using var harness = await CloseHarness.CreateAsync(Ct, reviewOfDoneChunk: new ReviewFinding("c1", FindingSeverity.Nit, "Prefer a friendlier greeting"));
        await File.AppendAllTextAsync(Path.Combine(harness.WorkTree, CloseHarness.DoneFile), "TODO: translate\naws_key = AKIAABCDEFGHIJKLMNOP\n", Ct);

        var result = await harness.CloseAsync(new CloseRequest(harness.SessionId), Ct);

        var state = (await new SessionStore(harness.Project.SessionsDirectory).LoadAsync(harness.SessionId, Ct)).Value!;
        Assert.Equal(result.Metrics.TotalWaves, state.TotalWaves);
        Assert.Equal(1, state.CurrentWave);
        Assert.Contains("## Deviations\n\n- c2 failed: the farewell API does not exist", state.Body);
        Assert.Contains("Closed at wave 1 of 1.", state.Body);
        Assert.Equal("Prefer a friendlier greeting", Assert.Single(result.Nits).Title);
        Assert.Contains("### Nits\n- c1: Prefer a friendlier greeting", result.Report);
        Assert.Contains("- Cost: $0.00,", result.Report);
        Assert.Equal(["c1"], result.Safety.Complete);
        Assert.Equal(["c2"], result.Safety.Spiral);
        Assert.Contains("- Agents: 1 complete, 0 partial, 1 spiral, 0 failed", result.Report);
        Assert.Contains(result.Discoveries, d => d is { Kind: "secret", Severity: "critical", File: CloseHarness.DoneFile });
        Assert.Contains(result.Discoveries, d => d is { Kind: "todo", Severity: "low" });
        Assert.DoesNotContain("AKIAABCDEFGHIJKLMNOP", result.Report);
        var discovery = Assert.Single(result.Issues, i => i.Kind == "discovery");
        Assert.StartsWith("[Discovery] a value that looks like a secret in src/greeting.txt", discovery.Title);
        Assert.Contains(harness.LocalTracker.List(), i => i.Title.StartsWith("[Discovery]", StringComparison.Ordinal));
        var wave = Assert.Single(result.Metrics.Waves);
        Assert.Equal((1, 2, 1), (wave.Wave, wave.Chunks, wave.Done));
        Assert.Contains("  - wave 1: 1/2 chunks done", result.Report);
        var handoff = Assert.IsType<Orchestrator.Core.Build.Runs.Handoff>(result.Handoff);
        Assert.StartsWith("1/2 chunks done; 1 commit(s) on ", handoff.Outcome);
        Assert.Contains(handoff.Caveats, c => c.StartsWith("manual handling: c2 failed", StringComparison.Ordinal));
        Assert.Contains(handoff.Caveats, c => c == "nit: c1: Prefer a friendlier greeting");
        Assert.Equal([CloseHarness.DoneFile], handoff.Chunks.Single(c => c.ChunkId == "c1").Files);
        Assert.Contains("### Hand-off\n- Outcome: 1/2 chunks done", result.Report);
        Assert.Contains("## Hand-off", await File.ReadAllTextAsync(result.HandoverPath!, Ct));
    }

    [Fact]
    public void Discovery_finds_secrets_todos_debug_leftovers_and_large_files_on_changed_lines_only()
    {
        using var repo = TempGitRepository.Create();
        repo.WriteFile("big.bin", new string('x', 1_200_000));
        const string diff = "+++ b/app.js\n@@ -1,0 +1,4 @@\n+// FIXME: handle errors\n+const token = \"ghp_abcdefghijklmnopqrstuvwxyz0123456789\";\n+console.log(token);\n+const todoList = [];\n";

        var found = DiscoveryScanner.Scan(diff + "--- a/old.js\n+++ b/old.js\n@@ -1 +0,0 @@\n-password = \"hunter2hunter2\"\n", repo.Root, ["app.js", "big.bin"]);

        Assert.Equal(["critical secret app.js:2", "high large_file big.bin", "low todo app.js:1", "medium debug_artefact app.js:3"],
            found.Select(f => $"{f.Severity} {f.Kind} {f.File}{(f.Line is null ? "" : $":{f.Line}")}").Order(StringComparer.Ordinal));
        Assert.DoesNotContain(found, f => f.Detail.Contains("abcdefghijklmnopqrstuvwxyz", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Drift_names_the_paths_the_readme_named_at_the_start_that_are_gone_and_scripts_that_do_not_exist()
    {
        using var repo = TempGitRepository.Create();
        repo.WriteFile("README.md", "# App\nSee `docs/guide.md` and [setup](docs/setup.md) and `docs/never.md`.\nRun `npm run build` or `npm run test`.\n```\ncat `src/in-a-code-block.md`\n```\n");
        repo.WriteFile("docs/guide.md", "guide");
        repo.WriteFile("docs/setup.md", "setup");
        repo.WriteFile("package.json", "{\"scripts\":{\"test\":\"jest\"}}");
        repo.Commit("docs");
        var start = repo.Git("rev-parse", "HEAD").Trim();
        File.Delete(Path.Combine(repo.Root, "docs", "guide.md"));

        var drift = await new DocDriftChecker(new GitCli(new ProcessRunner())).CheckAsync(repo.Root, start, Ct);

        Assert.Equal(["README.md:2 path docs/guide.md True", "README.md:3 npm script build False"], drift.Select(d => $"{d.Document}:{d.Line} {d.Kind} {d.Reference} {d.Broken}"));
        Assert.Contains("no longer exists", drift[0].ToString());
    }

    [Fact]
    public void Replacing_a_section_keeps_the_others_and_writes_none_when_empty()
    {
        var body = SessionBody.Initial("s1", "x");

        var withQuestions = SessionBody.ReplaceSection(body, SessionBody.OpenQuestions, ["Which locale?", "Keep v1?"]);
        var cleared = SessionBody.ReplaceSection(withQuestions, SessionBody.OpenQuestions, []);
        var deviations = SessionBody.ReplaceSection(cleared, SessionBody.Deviations, ["c2 failed"]);

        Assert.EndsWith("## Open Questions\n\n- Which locale?\n- Keep v1?\n", withQuestions);
        Assert.EndsWith("## Open Questions\n\nNone.\n", cleared);
        Assert.Contains("## Deviations\n\n- c2 failed\n\n## What Not To Retry\n", deviations);
        Assert.Contains("## Wave History\n", deviations);
    }
}
