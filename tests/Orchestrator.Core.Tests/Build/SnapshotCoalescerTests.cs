using Orchestrator.Core.Build.Workspaces;

namespace Orchestrator.Core.Tests.Build;

public sealed class SnapshotCoalescerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Callers_that_ask_before_the_snapshot_starts_share_it()
    {
        var coalescer = new SnapshotCoalescer(SnapshotSharing.NotYetStarted);
        using var gate = new SemaphoreSlim(1, 1);
        var takes = 0;
        await gate.WaitAsync(Ct);

        // The gate is held (an apply): both callers queue for the same snapshot.
        var first = coalescer.TakeAsync(gate, () => Task.FromResult($"tree-{Interlocked.Increment(ref takes)}"), Ct);
        var second = coalescer.TakeAsync(gate, () => Task.FromResult($"tree-{Interlocked.Increment(ref takes)}"), Ct);
        gate.Release();

        Assert.Equal("tree-1", await first);
        Assert.Equal("tree-1", await second);
        Assert.Equal(1, takes);
    }

    [Fact]
    public async Task Not_yet_started_sharing_gives_a_caller_that_asks_while_a_snapshot_runs_a_newer_one()
    {
        var (first, second, takes) = await AskWhileRunningAsync(SnapshotSharing.NotYetStarted);

        Assert.Equal("tree-1", first);
        Assert.Equal("tree-2", second);
        Assert.Equal(2, takes);
    }

    [Fact]
    public async Task In_flight_sharing_lets_a_caller_that_asks_while_a_snapshot_runs_join_it()
    {
        var (first, second, takes) = await AskWhileRunningAsync(SnapshotSharing.InFlight);

        Assert.Equal("tree-1", first);
        Assert.Equal("tree-1", second);
        Assert.Equal(1, takes);
    }

    [Fact]
    public async Task In_flight_sharing_never_hands_out_a_snapshot_taken_before_a_change_made_under_the_gate()
    {
        var coalescer = new SnapshotCoalescer(SnapshotSharing.InFlight);
        using var gate = new SemaphoreSlim(1, 1);
        var version = 0;

        Assert.Equal("v0", await coalescer.TakeAsync(gate, () => Task.FromResult($"v{version}"), Ct));

        // A change (an apply) under the gate, finished before the next call: the next caller must see it.
        await gate.WaitAsync(Ct);
        version = 1;
        gate.Release();

        Assert.Equal("v1", await coalescer.TakeAsync(gate, () => Task.FromResult($"v{version}"), Ct));
    }

    // The first caller's snapshot is held mid-read; a second caller asks then; both results and the number of reads.
    private static async Task<(string First, string Second, int Takes)> AskWhileRunningAsync(SnapshotSharing sharing)
    {
        var coalescer = new SnapshotCoalescer(sharing);
        using var gate = new SemaphoreSlim(1, 1);
        var reading = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var finish = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var takes = 0;
        async Task<string> Take()
        {
            var number = Interlocked.Increment(ref takes);
            if (number == 1)
            {
                reading.SetResult();
                await finish.Task;
            }

            return $"tree-{number}";
        }

        var first = coalescer.TakeAsync(gate, Take, Ct);
        await reading.Task.WaitAsync(TimeSpan.FromSeconds(30), Ct);
        var second = coalescer.TakeAsync(gate, Take, Ct);
        finish.SetResult();
        return (await first.WaitAsync(TimeSpan.FromSeconds(30), Ct), await second.WaitAsync(TimeSpan.FromSeconds(30), Ct), takes);
    }
}
