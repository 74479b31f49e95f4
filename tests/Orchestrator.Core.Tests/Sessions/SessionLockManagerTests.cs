using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Orchestrator.Core.Common;
using Orchestrator.Core.Sessions;

namespace Orchestrator.Core.Tests.Sessions;

public sealed class SessionLockManagerTests : IDisposable
{
    private readonly string sessionDirectory = Directory.CreateTempSubdirectory("orch-lock-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => Directory.Delete(sessionDirectory, recursive: true);

    [Fact]
    public async Task A_live_owners_lock_is_refused_with_a_message_naming_the_owner()
    {
        await using var first = new SessionLockManager(TimeProvider.System);
        await using var second = new SessionLockManager(TimeProvider.System);

        var held = await first.AcquireAsync(sessionDirectory, Ct);
        var refused = await second.AcquireAsync(sessionDirectory, Ct);

        Assert.True(held.Succeeded);
        Assert.False(refused.Succeeded);
        Assert.Equal(ErrorCode.SessionLocked, refused.Error.Code);
        Assert.Contains($"pid {Environment.ProcessId}", refused.Error.Message);
        Assert.Contains("stop that server", refused.Error.Message);
    }

    [Fact]
    public async Task The_same_manager_gets_its_own_lock_back_and_a_released_lock_is_free()
    {
        await using var first = new SessionLockManager(TimeProvider.System);
        await using var second = new SessionLockManager(TimeProvider.System);

        var a = await first.AcquireAsync(sessionDirectory, Ct);
        var again = await first.AcquireAsync(sessionDirectory, Ct);
        Assert.Same(a.Value, again.Value);

        await first.ReleaseAsync(sessionDirectory);
        Assert.False(File.Exists(Path.Combine(sessionDirectory, "session.lock")));
        Assert.True((await second.AcquireAsync(sessionDirectory, Ct)).Succeeded);
    }

    [Fact]
    public async Task A_dead_owners_lock_is_taken_over()
    {
        var deadPid = await PidOfAFinishedProcessAsync();
        var stale = new LockOwner(deadPid, "12345", Environment.MachineName, "dead-owner",
            DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(-1));
        await File.WriteAllTextAsync(Path.Combine(sessionDirectory, "session.lock"), JsonSerializer.Serialize(stale, new JsonSerializerOptions(JsonSerializerDefaults.Web)), Ct);
        await using var manager = new SessionLockManager(TimeProvider.System);

        var taken = await manager.AcquireAsync(sessionDirectory, Ct);

        Assert.True(taken.Succeeded, taken.Error?.Message);
        Assert.Equal(Environment.ProcessId, taken.Value.Owner.Pid);
        Assert.Single(Directory.GetFiles(sessionDirectory));
    }

    [Fact]
    public async Task A_reused_pid_does_not_keep_a_dead_owners_lock_alive()
    {
        // Our own pid is alive, but with another start time it is a different process: the lock's owner is gone.
        var reused = new LockOwner(Environment.ProcessId, "1", Environment.MachineName, "previous-incarnation",
            DateTimeOffset.UtcNow, DateTimeOffset.UtcNow);
        await File.WriteAllTextAsync(Path.Combine(sessionDirectory, "session.lock"), JsonSerializer.Serialize(reused, new JsonSerializerOptions(JsonSerializerDefaults.Web)), Ct);
        await using var manager = new SessionLockManager(TimeProvider.System);

        Assert.True((await manager.AcquireAsync(sessionDirectory, Ct)).Succeeded);
    }

    [Fact]
    public async Task Another_hosts_lock_is_trusted_while_its_heartbeat_is_fresh()
    {
        var remote = new LockOwner(4242, null, "some-other-host", "remote", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow);
        var path = Path.Combine(sessionDirectory, "session.lock");
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(remote, new JsonSerializerOptions(JsonSerializerDefaults.Web)), Ct);
        await using var manager = new SessionLockManager(TimeProvider.System) { StaleAfter = TimeSpan.FromSeconds(60) };

        Assert.False((await manager.AcquireAsync(sessionDirectory, Ct)).Succeeded);

        var silent = remote with { HeartbeatAt = DateTimeOffset.UtcNow.AddMinutes(-5) };
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(silent, new JsonSerializerOptions(JsonSerializerDefaults.Web)), Ct);
        Assert.True((await manager.AcquireAsync(sessionDirectory, Ct)).Succeeded);
    }

    [Fact]
    public async Task Another_hosts_lock_goes_stale_once_the_clock_passes_StaleAfter_without_a_heartbeat()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero));
        var remote = new LockOwner(4242, null, "some-other-host", "remote", clock.GetUtcNow(), clock.GetUtcNow());
        await File.WriteAllTextAsync(Path.Combine(sessionDirectory, "session.lock"), JsonSerializer.Serialize(remote, new JsonSerializerOptions(JsonSerializerDefaults.Web)), Ct);
        await using var manager = new SessionLockManager(clock) { StaleAfter = TimeSpan.FromSeconds(60) };

        var fresh = await manager.AcquireAsync(sessionDirectory, Ct);
        clock.Advance(TimeSpan.FromSeconds(59));
        var stillFresh = await manager.AcquireAsync(sessionDirectory, Ct);
        clock.Advance(TimeSpan.FromSeconds(2));
        var stale = await manager.AcquireAsync(sessionDirectory, Ct);

        Assert.False(fresh.Succeeded);
        Assert.False(stillFresh.Succeeded);
        Assert.True(stale.Succeeded, stale.Error?.Message);
    }

    private static async Task<int> PidOfAFinishedProcessAsync()
    {
        using var process = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        await process.WaitForExitAsync(Ct);
        return process.Id;
    }
}
