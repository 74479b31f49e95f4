using System.Diagnostics;
using System.Text.Json;
using Orchestrator.McpServer.Tests.Detached;
using Orchestrator.McpServer.Tests.Harness;
using Orchestrator.Testing;

namespace Orchestrator.McpServer.Tests.Soak;

/// <summary>
/// The bounded soak (issue 17): many sessions driven over the real protocol (the built server over stdio), each
/// building with the command runner (a shell agent that logs every invocation) in a detached worker, while a seeded
/// plan kills the server (between calls and during a build_status long-poll) and the workers with SIGKILL at random
/// points; interrupted runs are resumed. Afterwards no work may be lost (every chunk's file applied exactly once and
/// reported ok) nor duplicated (no finished attempt started again, no agent without a journalled attempt), and no
/// agent or worker may be left running. Size and seed come from SOAK_* variables (<see cref="SoakSettings"/>); the
/// figures are printed and, with SOAK_REPORT, written to a file (docs/reliability.md quotes them).
/// </summary>
public sealed class KillResumeSoakTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(20);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    [Trait("Category", "Soak")]
    public async Task Sessions_survive_seeded_kills_of_server_and_workers_without_lost_or_duplicated_work()
    {
        var settings = SoakSettings.FromEnvironment();
        var figures = new SoakFigures { Seed = settings.Seed, Sessions = settings.Sessions, Chunks = settings.Sessions * settings.ChunksPerSession };
        var plans = SoakPlan.Draw(settings);
        using var repo = TempGitRepository.Create();
        var agents = SleepingAgents.Install(repo.Root, defaultSleepSeconds: 0);
        var clock = Stopwatch.StartNew();
        var finished = new List<WorkAudit.SoakRun>();
        var endStatuses = new Dictionary<string, string>(StringComparer.Ordinal);
        var unsettled = new List<string>();
        await using (var server = new SoakServer(repo.Root, figures))
        {
            var live = new List<LiveSoakRun>();
            for (var i = 0; i < settings.Sessions; i++)
            {
                while (live.Count >= settings.Concurrent)
                {
                    await ProgressAsync(server, live, finished, endStatuses, repo.Root, figures, clock);
                }

                live.Add(await SetUpAsync(server, i, plans[i], settings, agents));

                // A round after each set-up too, so the plan's kills reach runs that finish before the pool is full.
                await ProgressAsync(server, live, finished, endStatuses, repo.Root, figures, clock);
            }

            while (live.Count > 0)
            {
                await ProgressAsync(server, live, finished, endStatuses, repo.Root, figures, clock);
            }

            // A finished run is settled into its session (phase review) even when its worker was killed near the end.
            foreach (var run in finished)
            {
                var phase = (await server.CallOkAsync("session_status", new() { ["session_id"] = run.SessionId }, Ct)).GetProperty("phase").GetString();
                if (phase != "review")
                {
                    unsettled.Add($"{run.SessionId} ({run.RunId}): phase {phase}");
                }

                // The settler's log line is in worker.log (every worker of the run appends to it) only when a worker settled it.
                var workerLog = Path.Combine(run.RunDirectory, "worker.log");
                if (!File.Exists(workerLog) || !File.ReadAllText(workerLog).Contains($"Run {run.RunId} ended", StringComparison.Ordinal))
                {
                    figures.SettledByReader++;
                }
            }
        }

        await WaitForNoWorkersAsync(repo.Root);
        figures.WallTime = clock.Elapsed;
        var problems = WorkAudit.Check(finished, agents, figures);
        var report = figures.ToMarkdown();
        output.WriteLine(report);
        if (settings.ReportPath is { } path)
        {
            await File.WriteAllTextAsync(path, report, Ct);
        }

        foreach (var (runId, status) in endStatuses.Where(s => s.Value != "completed"))
        {
            // The evidence, before the temp repository goes: the journal and the worker's log of each run that did not complete.
            var runDirectory = Path.Combine(repo.Root, ".orchestrator", "runs", runId);
            output.WriteLine($"--- {runId} ended {status}; events.jsonl:");
            output.WriteLine(File.ReadAllText(Path.Combine(runDirectory, "events.jsonl")));
            output.WriteLine("--- worker.log:");
            output.WriteLine(File.Exists(Path.Combine(runDirectory, "worker.log")) ? File.ReadAllText(Path.Combine(runDirectory, "worker.log")) : "(none)");
        }

        output.WriteLine(string.Join("\n", problems));
        var leftAgents = agents.Invocations().Where(i => ProcFs.IsLive(i.Pid)).Select(i => i.Pid).Distinct().ToList();
        Assert.All(endStatuses, s => Assert.True(s.Value == "completed", $"{s.Key} ended {s.Value}"));
        Assert.Equal(settings.Sessions, finished.Count);
        Assert.True(unsettled.Count == 0, "finished runs not settled into their session: " + string.Join("; ", unsettled));
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        Assert.Equal(0, figures.Lost);
        Assert.Equal(0, figures.Duplicated);
        Assert.True(leftAgents.Count == 0, "agents still running: " + ProcFs.Describe(leftAgents));
        Assert.True(figures.WorkerKills > 0 && figures.ServerKills > 0 && figures.Resumes > 0, "the seed drew no kills:\n" + report);
    }

    /// <summary>The session's set-up calls up to build_start, with the plan's server kill between two of them.</summary>
    private static async Task<LiveSoakRun> SetUpAsync(SoakServer server, int index, SoakPlan plan, SoakSettings settings, SleepingAgents agents)
    {
        var chunkIds = Enumerable.Range(1, settings.ChunksPerSession).Select(c => $"s{index:000}c{c}").ToList();
        for (var c = 0; c < chunkIds.Count; c++)
        {
            agents.SetSleep(chunkIds[c], plan.SleepSeconds[c]);
        }

        string? sessionId = null;
        string? runId = null;
        var steps = new Func<Task>[]
        {
            async () => sessionId = (await server.CallOkAsync("session_start", new() { ["description"] = $"Soak session {index}", ["new"] = true }, Ct)).GetProperty("session_id").GetString(),
            () => server.CallOkAsync("spec", new() { ["session_id"] = sessionId, ["findings"] = "Files go in src/." }, Ct),
            () => server.CallOkAsync("plan", new() { ["session_id"] = sessionId, ["plan"] = "# Plan\nAdd the files." }, Ct),
            () => server.CallOkAsync("approve", new() { ["session_id"] = sessionId, ["gate"] = "plan", ["decision"] = "approve" }, Ct),
            () => server.CallOkAsync("divide", new() { ["session_id"] = sessionId, ["chunks"] = SleepingAgents.Chunks([.. chunkIds]) }, Ct),
            () => server.CallOkAsync("approve", new() { ["session_id"] = sessionId, ["gate"] = "build", ["decision"] = "approve" }, Ct),
            async () => runId = (await server.CallOkAsync("build_start", new() { ["session_id"] = sessionId, ["max_parallel"] = 2 }, Ct)).GetProperty("run_id").GetString(),
        };
        for (var step = 0; step < steps.Length; step++)
        {
            await steps[step]();
            if (plan.KillServerAfterStep == step + 1)
            {
                await server.KillAsync(duringCall: false, Ct);
            }
        }

        var status = await server.CallOkAsync("session_status", new() { ["session_id"] = sessionId }, Ct);
        return new LiveSoakRun(index, plan, sessionId!, runId!, status.GetProperty("worktree_path").GetString()!, chunkIds);
    }

    /// <summary>One round over the live runs: poll each, resume the interrupted, retire the ended, and apply the plan's kills.</summary>
    private static async Task ProgressAsync(SoakServer server, List<LiveSoakRun> live, List<WorkAudit.SoakRun> finished,
        Dictionary<string, string> endStatuses, string repoRoot, SoakFigures figures, Stopwatch clock)
    {
        Assert.True(clock.Elapsed < Limit, $"the soak did not finish within {Limit}; {live.Count} run(s) still live: {string.Join(", ", live.Select(r => r.RunId))}");
        foreach (var run in live.ToList())
        {
            var status = (await server.CallOkAsync("build_status", new() { ["run_id"] = run.RunId, ["wait_seconds"] = 0 }, Ct)).GetProperty("status").GetString();
            run.Polls++;
            switch (status)
            {
                case "running":
                    await KillPerPlanAsync(server, run, repoRoot, figures);
                    break;
                case "interrupted":
                    var resumed = await server.CallOkAsync("build_resume", new() { ["run_id"] = run.RunId }, Ct);
                    Assert.Equal("running", resumed.GetProperty("status").GetString());
                    figures.Resumes++;
                    break;
                default:
                    live.Remove(run);
                    endStatuses[run.RunId] = status!;
                    finished.Add(new WorkAudit.SoakRun(run.SessionId, run.RunId, Path.Combine(repoRoot, ".orchestrator", "runs", run.RunId), run.WorkTree, run.ChunkIds));
                    break;
            }
        }

        await Task.Delay(200, Ct);
    }

    private static async Task KillPerPlanAsync(SoakServer server, LiveSoakRun run, string repoRoot, SoakFigures figures)
    {
        if (run.WorkerKillsDone < run.Plan.KillWorkerAfterPolls.Count && run.Polls > run.Plan.KillWorkerAfterPolls[run.WorkerKillsDone]
            && WorkerPid(repoRoot, run.RunId) is { } worker && ProcFs.IsLive(worker))
        {
            Process.GetProcessById(worker).Kill();
            await ProcFs.WaitUntilGoneAsync(worker, Ct);
            run.WorkerKillsDone++;
            figures.WorkerKills++;
        }

        if (run.Plan.KillServerDuringPoll is { } afterPolls && !run.PollKillDone && run.Polls > afterPolls)
        {
            run.PollKillDone = true;
            var client = await server.ClientAsync(Ct);
            var poll = client.CallToolAsync("build_status", new Dictionary<string, object?> { ["run_id"] = run.RunId, ["wait_seconds"] = 20, ["project_root"] = repoRoot }, cancellationToken: Ct);
            await Task.Delay(100 + (run.Index * 37 % 300), Ct);
            await server.KillAsync(duringCall: true, Ct);
            try
            {
                await poll.AsTask().WaitAsync(TimeSpan.FromSeconds(30), Ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !Ct.IsCancellationRequested)
            {
                // The call dies with its server: that is the point.
            }
        }
    }

    private static int? WorkerPid(string repoRoot, string runId)
    {
        var path = Path.Combine(repoRoot, ".orchestrator", "runs", runId, "run.lock");
        try
        {
            return File.Exists(path) ? JsonDocument.Parse(File.ReadAllText(path)).RootElement.GetProperty("pid").GetInt32() : null;
        }
        catch (Exception ex) when (ex is IOException or JsonException or KeyNotFoundException)
        {
            return null;
        }
    }

    /// <summary>A finished run's worker exits after settling its session; none may stay resident.</summary>
    private static async Task WaitForNoWorkersAsync(string repoRoot)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (ProcFs.WithArguments(ServerExecutable.DllPath, "run", "--project", repoRoot).Count > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200, Ct);
        }

        var left = ProcFs.WithArguments(ServerExecutable.DllPath, "run", "--project", repoRoot);
        Assert.True(left.Count == 0, "workers still running: " + ProcFs.Describe(left));
    }

    private sealed class LiveSoakRun(int index, SoakPlan plan, string sessionId, string runId, string workTree, IReadOnlyList<string> chunkIds)
    {
        public int Index { get; } = index;

        public SoakPlan Plan { get; } = plan;

        public string SessionId { get; } = sessionId;

        public string RunId { get; } = runId;

        public string WorkTree { get; } = workTree;

        public IReadOnlyList<string> ChunkIds { get; } = chunkIds;

        public int Polls { get; set; }

        public int WorkerKillsDone { get; set; }

        public bool PollKillDone { get; set; }
    }
}
