using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Orchestrator.Cluster.Contracts;
using Orchestrator.Cluster.Coordinator;
using Orchestrator.Cluster.Workers;
using Orchestrator.Core.Options;
using Orchestrator.Core.Processes;
using Orchestrator.Testing;

namespace Orchestrator.McpServer.Tests.Cluster;

/// <summary>
/// Each worker its own pool: a worker runs its jobs in reused worktree slots (Core's pool), each moved to the job's
/// commit and checked clean; what one job left behind (edits, new files, ignored build output) is gone for the next.
/// </summary>
public sealed class WorkerPoolTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Two_jobs_in_a_row_run_in_the_same_slot_and_the_second_holds_exactly_its_snapshot()
    {
        using var repo = TempGitRepository.Create();
        repo.WriteFile(".gitignore", "build/\n");
        repo.WriteFile("a.txt", "A\n");
        repo.Commit("snapshot A");
        var first = repo.Git("rev-parse", "HEAD");
        repo.WriteFile("a.txt", "B\n");
        repo.WriteFile("b.txt", "only in B\n");
        repo.Commit("snapshot B");
        var second = repo.Git("rev-parse", "HEAD");
        repo.Git("update-ref", "refs/so-cluster/s1/r1/job-1/base", first);
        repo.Git("update-ref", "refs/so-cluster/s1/r1/job-2/base", second);
        Directory.CreateDirectory(repo.WorktreesRoot);
        var workDirectory = Path.Combine(repo.WorktreesRoot, "worker");
        var seen = Path.Combine(repo.WorktreesRoot, "seen.log");
        var host = new WorkerJobHost(new WorkerOptions("w1", 1, new Dictionary<string, string>(), workDirectory), new ProcessRunner(), NullLogger<WorkerJobHost>.Instance);

        var result1 = await RunAsync(host, Job("job-1", first, repo.Root, seen));
        var result2 = await RunAsync(host, Job("job-2", second, repo.Root, seen));

        var views = File.ReadAllText(seen).Split("=== end\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, views.Length);
        var slot = Path.Combine(WorkerGitMirror.PoolRoot(workDirectory), "slot-0");
        Assert.Equal("Completed", result1.Status);
        Assert.Equal("Completed", result2.Status);
        // One slot, reused: both agents worked in slot-0.
        Assert.Equal($"dir {slot}\nhead {first}\nstatus\na.txt A\n", views[0]);
        // The second job saw exactly its snapshot: HEAD at B, nothing left of job-1's edit, new file or build output.
        Assert.Equal($"dir {slot}\nhead {second}\nstatus\na.txt B\n", views[1]);
        // job-1's edits went to its result ref; the slot is free again.
        Assert.NotNull(result1.ResultCommit);
        Assert.Equal("A edited by job-1\n", repo.Git("show", $"{result1.ResultCommit}:a.txt") + "\n");
        Assert.False(File.Exists(slot + ".owner"));
        Assert.Single(TempGitRepository.GitIn(Path.Combine(workDirectory, "mirror.git"), "worktree", "list", "--porcelain")
            .Split('\n'), l => l.StartsWith("worktree ", StringComparison.Ordinal) && l.Contains("slot-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_slot_a_crashed_worker_held_is_taken_over_and_rebuilt_before_a_job_runs_in_it()
    {
        using var repo = TempGitRepository.Create();
        repo.WriteFile("a.txt", "A\n");
        repo.Commit("snapshot A");
        var commit = repo.Git("rev-parse", "HEAD");
        repo.Git("update-ref", "refs/so-cluster/s1/r1/job-2/base", commit);
        Directory.CreateDirectory(repo.WorktreesRoot);
        var workDirectory = Path.Combine(repo.WorktreesRoot, "worker");
        var seen = Path.Combine(repo.WorktreesRoot, "seen.log");
        // What a worker killed mid-job leaves: its slot's owner file (this pid with another start marker: a process
        // that is gone) and a slot folder in any state, here not even a worktree.
        var slot = Path.Combine(WorkerGitMirror.PoolRoot(workDirectory), "slot-0");
        Directory.CreateDirectory(slot);
        File.WriteAllText(Path.Combine(slot, "a.txt"), "half-written by the dead worker\n");
        File.WriteAllText(slot + ".owner", $"{Environment.ProcessId} not-its-start-marker\n");
        var host = new WorkerJobHost(new WorkerOptions("w1", 1, new Dictionary<string, string>(), workDirectory), new ProcessRunner(), NullLogger<WorkerJobHost>.Instance);

        var result = await RunAsync(host, Job("job-2", commit, repo.Root, seen));

        Assert.True(result.Status == "Completed", result.FailureReason);
        Assert.Equal($"dir {slot}\nhead {commit}\nstatus\na.txt A\n=== end\n", File.ReadAllText(seen));
        Assert.False(File.Exists(slot + ".owner"));
    }

    [Fact]
    public async Task Jobs_at_different_commits_share_two_slots_at_once_and_each_sees_exactly_its_commit()
    {
        using var repo = TempGitRepository.Create();
        var commits = new List<string>();
        for (var i = 1; i <= 6; i++)
        {
            repo.WriteFile("a.txt", $"A{i}\n");
            repo.WriteFile($"src/only-{i}.txt", $"{i}\n");
            repo.Commit($"snapshot {i}");
            commits.Add(repo.Git("rev-parse", "HEAD"));
            repo.Git("update-ref", $"refs/so-cluster/s1/r1/job-{i}/base", commits[^1]);
            repo.Git("rm", "--quiet", $"src/only-{i}.txt");
            repo.Commit($"drop {i}");
        }

        Directory.CreateDirectory(repo.WorktreesRoot);
        var workDirectory = Path.Combine(repo.WorktreesRoot, "worker");
        var host = new WorkerJobHost(new WorkerOptions("w1", 2, new Dictionary<string, string>(), workDirectory), new ProcessRunner(), NullLogger<WorkerJobHost>.Instance);

        var results = await Task.WhenAll(Enumerable.Range(1, 6).Select(async i =>
        {
            var seen = Path.Combine(repo.WorktreesRoot, $"seen-{i}.log");
            var job = Job($"job-{i}", commits[i - 1], repo.Root, seen);
            while (host.Start(job).Kind == JobAcceptanceKind.Busy)
            {
                await Task.Delay(50, Ct);
            }

            return (i, seen, Result: await FollowAsync(host, job.JobId));
        }));

        foreach (var (i, seen, result) in results)
        {
            Assert.True(result.Status == "Completed", $"job-{i}: {result.FailureReason}\n{result.Log}");
            var view = File.ReadAllText(seen);
            Assert.Contains($"head {commits[i - 1]}\nstatus\na.txt A{i}\n", view);
        }
    }

    private static async Task<WorkerJobResult> FollowAsync(WorkerJobHost host, string jobId)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (true)
        {
            var state = host.Poll(jobId);
            if (state.Status == WorkerJobStatus.Finished)
            {
                host.Forget(jobId);
                return state.Result!;
            }

            Assert.True(DateTime.UtcNow < deadline, $"job {jobId} did not finish");
            await Task.Delay(100, Ct);
        }
    }

    private static async Task<WorkerJobResult> RunAsync(WorkerJobHost host, WorkerJob job)
    {
        Assert.Equal(JobAcceptanceKind.Accepted, host.Start(job).Kind);
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (true)
        {
            var state = host.Poll(job.JobId);
            if (state.Status == WorkerJobStatus.Finished)
            {
                host.Forget(job.JobId);
                return state.Result!;
            }

            Assert.True(DateTime.UtcNow < deadline, $"job {job.JobId} did not finish");
            await Task.Delay(100, Ct);
        }
    }

    /// <summary>
    /// An executor that writes what it sees (folder, HEAD, <c>git status</c> with ignored files, a.txt) to <paramref name="seen"/>;
    /// the first then edits a.txt and leaves an untracked file and ignored build output behind.
    /// </summary>
    private static WorkerJob Job(string id, string commit, string remote, string seen)
    {
        var script =
            "{ echo \"dir $(pwd)\"; echo \"head $(git rev-parse HEAD)\"; echo status; git status --porcelain --ignored --untracked-files=all; " +
            "echo \"a.txt $(cat a.txt)\"; echo '=== end'; } >> \"$3\"; " +
            "if grep -q JOB-1 \"$1\"; then echo 'A edited by job-1' > a.txt; echo junk > junk.txt; mkdir -p build; echo obj > build/out.o; fi; " +
            "printf '{\"status\":\"done\",\"summary\":\"looked\",\"filesChanged\":[]}'";
        var runners = new RunnersOptions { Command = new CommandRunnerOptions { Executable = "sh", Args = ["-c", script, "agent", "{prompt_file}", "{schema_file}", seen] } };
        return new WorkerJob(id, "r1", "Executor", "Sonnet", id == "job-1" ? "JOB-1: look around" : "JOB-2: look around", "{\"type\":\"object\"}",
            TimeSpan.FromMinutes(1), "c1", 1, "command", JsonSerializer.Serialize(runners, ClusterJson.Options), new Uri(remote).AbsoluteUri,
            $"refs/so-cluster/s1/r1/{id}/base", commit, $"refs/so-cluster/s1/r1/{id}/result-1", $"r1/{id}");
    }
}
