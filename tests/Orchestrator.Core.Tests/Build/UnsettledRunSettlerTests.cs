using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Orchestrator.Core.Agents;
using Orchestrator.Core.Build;
using Orchestrator.Core.Build.Journal;
using Orchestrator.Core.Build.Journal.Events;
using Orchestrator.Core.Build.Runs;
using Orchestrator.Core.Common;
using Orchestrator.Core.Sessions;
using Orchestrator.Core.Tests.Sessions;
using Orchestrator.Testing;

namespace Orchestrator.Core.Tests.Build;

/// <summary>
/// A run whose worker was killed between <c>run.finished</c> and settling its session: the files are built exactly as
/// such a worker leaves them (journal ended, result.json, its run.lock and session.lock naming a dead pid, STATE.md still
/// in phase build), and any reader settles it, once, even when two "servers" (two lock managers) do it at once.
/// </summary>
public sealed class UnsettledRunSettlerTests
{
    private const string RunId = "run-20261130-070000-5e77";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Two_readers_at_once_settle_a_run_a_killed_worker_left_unsettled_exactly_once_and_let_go_of_the_session()
    {
        await using var fixture = await KilledWorkerFixture.CreateAsync([Ended(BuildRunStatus.Completed)]);
        await using var serverA = new SessionLockManager(TimeProvider.System);
        await using var serverB = new SessionLockManager(TimeProvider.System);

        var settled = await Task.WhenAll(
            Reader(serverA).SettleIfUnsettledAsync(fixture.Project, RunId, Ct),
            Reader(serverB).SettleIfUnsettledAsync(fixture.Project, RunId, Ct));
        var again = await Reader(serverA).SettleIfUnsettledAsync(fixture.Project, RunId, Ct);

        var state = await fixture.StateAsync();
        Assert.Equal(1, settled.Count(s => s));
        Assert.False(again);
        Assert.Equal(SessionPhase.Review, state.Phase);
        Assert.Equal([$"{RunId} completed: 1 of 1 chunk(s) done, 0 unresolved blocker(s), 0 concern(s), $0.00"],
            SessionBody.SectionLines(state.Body, SessionBody.WaveHistory));
        Assert.False(serverA.IsHeldHere(fixture.SessionDirectory));
        Assert.False(serverB.IsHeldHere(fixture.SessionDirectory));
        Assert.Null(serverA.FindLiveOwner(fixture.SessionDirectory));
    }

    [Fact]
    public async Task A_run_whose_executor_still_holds_it_is_left_to_the_executor()
    {
        await using var fixture = await KilledWorkerFixture.CreateAsync([Ended(BuildRunStatus.Completed)]);
        File.Delete(Path.Combine(fixture.RunDirectory, RunLocks.FileName));
        await using var executor = RunLocks.CreateManager(TimeProvider.System, "the worker of build run " + RunId);
        Assert.True((await executor.AcquireAsync(fixture.RunDirectory, Ct)).Succeeded);
        await using var server = new SessionLockManager(TimeProvider.System);

        var settled = await Reader(server).SettleIfUnsettledAsync(fixture.Project, RunId, Ct);

        Assert.False(settled);
        Assert.Equal(SessionPhase.Build, (await fixture.StateAsync()).Phase);
    }

    [Fact]
    public async Task An_older_run_is_not_settled_over_the_sessions_newer_run()
    {
        await using var fixture = await KilledWorkerFixture.CreateAsync([Ended(BuildRunStatus.Completed)]);
        await fixture.Writer.UpdateAsync(fixture.Project, fixture.SessionId, s => Outcome<SessionState>.Success(s with { Runs = [.. s.Runs, "run-20261130-080000-0001"] }), Ct);
        await fixture.Locks.ReleaseAsync(fixture.SessionDirectory);
        await using var server = new SessionLockManager(TimeProvider.System);

        var settled = await Reader(server).SettleIfUnsettledAsync(fixture.Project, RunId, Ct);

        Assert.False(settled);
        Assert.Equal(SessionPhase.Build, (await fixture.StateAsync()).Phase);
    }

    [Fact]
    public async Task A_resumed_run_that_ended_a_second_time_gets_its_second_line_and_the_executors_own_settle_stays_single()
    {
        await using var fixture = await KilledWorkerFixture.CreateAsync([Ended(BuildRunStatus.Paused), new RunResumed(), Ended(BuildRunStatus.Completed)]);
        // The first (paused) end was settled by its worker; the second worker died before settling the completed end.
        var settler = new BuildRunSettler(fixture.Writer, NullLogger<BuildRunSettler>.Instance);
        await fixture.Writer.UpdateAsync(fixture.Project, fixture.SessionId, s => Outcome<SessionState>.Success(s with
        {
            Body = SessionBody.AppendToSection(s.Body, SessionBody.WaveHistory, $"{RunId} paused: 0 of 1 chunk(s) done"),
        }), Ct);
        await fixture.Locks.ReleaseAsync(fixture.SessionDirectory);
        await using var server = new SessionLockManager(TimeProvider.System);

        var settled = await Reader(server).SettleIfUnsettledAsync(fixture.Project, RunId, Ct);
        var settledAgain = await settler.SettleAsync(fixture.Project, fixture.SessionId, fixture.Result);

        var state = await fixture.StateAsync();
        Assert.True(settled);
        Assert.False(settledAgain);
        Assert.Equal(SessionPhase.Review, state.Phase);
        Assert.Equal(2, SessionBody.SectionLines(state.Body, SessionBody.WaveHistory).Count(l => l.StartsWith(RunId + " ", StringComparison.Ordinal)));
    }

    private static UnsettledRunSettler Reader(SessionLockManager locks) =>
        new(new BuildRunSettler(new SessionWriter(locks, TimeProvider.System), NullLogger<BuildRunSettler>.Instance), locks, TimeProvider.System);

    private static RunFinished Ended(BuildRunStatus status) => new() { Status = status };

    /// <summary>An in-place session in phase build whose one run ended, and a worker (a dead pid) that never settled it.</summary>
    private sealed class KilledWorkerFixture : IAsyncDisposable
    {
        private readonly TempGitRepository repo;

        private KilledWorkerFixture(TempGitRepository repo, ProjectContext project, string sessionId, SessionLockManager locks, BuildRunResult result)
        {
            this.repo = repo;
            Project = project;
            SessionId = sessionId;
            Locks = locks;
            Result = result;
        }

        public ProjectContext Project { get; }

        public string SessionId { get; }

        public SessionLockManager Locks { get; }

        public SessionWriter Writer => new(Locks, TimeProvider.System);

        public BuildRunResult Result { get; }

        public string RunDirectory => RunIds.DirectoryOf(Project, RunId);

        public string SessionDirectory => new SessionStore(Project.SessionsDirectory).SessionDirectory(SessionId);

        public static async Task<KilledWorkerFixture> CreateAsync(IReadOnlyList<RunEvent> ending)
        {
            var repo = TempGitRepository.Create();
            var (sessions, locks) = SessionServiceFactory.Create();
            var started = await sessions.StartAsync(SessionServiceFactory.Request(repo.Root, isolation: SessionIsolation.InPlace), Ct);
            Assert.True(started.Succeeded, started.Error?.Message);
            var project = (await sessions.LocateAsync(repo.Root, Ct)).Value!;
            var sessionId = started.Value.State.Session;
            var result = new BuildRunResult
            {
                RunId = RunId,
                Status = BuildRunStatus.Completed,
                PerChunk = [new PerChunkResult("c1", true, 1, ModelTier.Sonnet, "did c1", null, null)],
                Summary = "1 of 1 chunk(s) done",
            };
            var runDirectory = RunIds.DirectoryOf(project, RunId);
            Directory.CreateDirectory(runDirectory);
            new RunSetupRecord(sessionId, RunnerKind.Command, BuildIsolation.Worktree, 2, null, false).Write(runDirectory);
            await File.WriteAllTextAsync(Path.Combine(runDirectory, RunJournal.ResultFileName), JsonSerializer.Serialize(result, BuildJson.Indented), Ct);
            using (var journal = RunJournalWriter.Open(runDirectory, TimeProvider.System, null, out _))
            {
                journal.Append(new RunStarted { RunId = RunId, WorkingDirectory = repo.Root }, RunEventTypes.RunStarted);
                foreach (var e in ending)
                {
                    journal.Append(e);
                }
            }

            var writer = new SessionWriter(locks, TimeProvider.System);
            await writer.UpdateAsync(project, sessionId, s => Outcome<SessionState>.Success(s with { Runs = [RunId], Phase = SessionPhase.Build }), Ct);
            await locks.ReleaseAsync(new SessionStore(project.SessionsDirectory).SessionDirectory(sessionId));

            // What kill -9 of the worker leaves: its run and session locks, naming a process that is gone.
            var dead = DeadPid();
            var owner = new LockOwner(dead, "1", Environment.MachineName, "killed-worker", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, "the worker of build run " + RunId);
            await File.WriteAllTextAsync(Path.Combine(runDirectory, RunLocks.FileName), JsonSerializer.Serialize(owner, SessionLockFile.Json), Ct);
            await File.WriteAllTextAsync(Path.Combine(project.SessionsDirectory, sessionId, SessionLockFile.FileName), JsonSerializer.Serialize(owner, SessionLockFile.Json), Ct);
            return new KilledWorkerFixture(repo, project, sessionId, locks, result);
        }

        public async Task<SessionState> StateAsync() => (await new SessionStore(Project.SessionsDirectory).LoadAsync(SessionId, Ct)).Value!;

        public async ValueTask DisposeAsync()
        {
            await Locks.DisposeAsync();
            repo.Dispose();
        }

        private static int DeadPid()
        {
            using var process = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
            process.WaitForExit();
            return process.Id;
        }
    }
}
