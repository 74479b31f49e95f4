using Orchestrator.Core.Build.Journal;
using Orchestrator.Core.Build.Journal.Events;
using Orchestrator.Core.Build.Runs;

namespace Orchestrator.Core.Tests.Build;

/// <summary>
/// A resume that comes while a cancelled run's worker is still exiting waits for it to let go of run.lock, instead of
/// being refused as "running" (a Resume click right after Cancel on the dashboard); a run still going is not waited on.
/// </summary>
public sealed class EndedRunOwnerTests : IDisposable
{
    private const string RunId = "run-20261130-090000-e0d1";

    private readonly string _runDirectory = Directory.CreateTempSubdirectory("ended-run-owner-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_cancelled_runs_exiting_worker_is_waited_for_until_it_lets_go()
    {
        WriteJournal(ended: true);
        await using var worker = RunLocks.CreateManager(TimeProvider.System, "the worker of build run " + RunId);
        Assert.True((await worker.AcquireAsync(_runDirectory, Ct)).Succeeded);
        Assert.NotNull(RunLocks.LiveOwner(_runDirectory, TimeProvider.System));

        var asked = EndedRunOwner.LiveOwnerAsync(_runDirectory, TimeProvider.System, TimeSpan.FromMinutes(2), Ct);
        await Task.Delay(TimeSpan.FromMilliseconds(600), Ct);
        Assert.False(asked.IsCompleted, "answered while the ended run's worker still held run.lock");
        await worker.ReleaseAsync(_runDirectory);

        Assert.Null(await asked.WaitAsync(TimeSpan.FromMinutes(1), Ct));
    }

    [Fact]
    public async Task A_run_still_going_is_answered_with_its_owner_at_once_and_an_ended_one_after_the_grace()
    {
        WriteJournal(ended: false);
        await using var worker = RunLocks.CreateManager(TimeProvider.System, "the worker of build run " + RunId);
        Assert.True((await worker.AcquireAsync(_runDirectory, Ct)).Succeeded);

        var going = await EndedRunOwner.LiveOwnerAsync(_runDirectory, TimeProvider.System, TimeSpan.FromMinutes(2), Ct).WaitAsync(TimeSpan.FromMinutes(1), Ct);
        Assert.NotNull(going);
        Assert.Equal(Environment.ProcessId, going.Pid);

        WriteJournal(ended: true);
        var stuck = await EndedRunOwner.LiveOwnerAsync(_runDirectory, TimeProvider.System, TimeSpan.FromMilliseconds(300), Ct).WaitAsync(TimeSpan.FromMinutes(1), Ct);
        Assert.NotNull(stuck);
        Assert.NotNull(RunLocks.LiveOwner(_runDirectory, TimeProvider.System));
    }

    private void WriteJournal(bool ended)
    {
        File.Delete(Path.Combine(_runDirectory, RunJournal.FileName));
        using var journal = RunJournalWriter.Open(_runDirectory, TimeProvider.System, null, out _);
        journal.Append(new RunStarted { RunId = RunId, WorkingDirectory = _runDirectory }, RunEventTypes.RunStarted);
        if (ended)
        {
            journal.Append(new RunFinished { Status = BuildRunStatus.Cancelled });
        }
    }

    public void Dispose() => Directory.Delete(_runDirectory, recursive: true);
}
