using Orchestrator.Core.Processes;

namespace Orchestrator.Core.Tests.Processes;

public sealed class ProcessRunnerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static ProcessSpec Shell(string script, TimeSpan? timeout = null) =>
        new("sh", ["-c", script], Path.GetTempPath()) { Timeout = timeout, KillGracePeriod = TimeSpan.FromMilliseconds(500) };

    [Fact]
    public async Task Output_exit_code_and_arguments_are_passed_without_a_shell()
    {
        var spec = new ProcessSpec("printf", ["%s|%s", "a b; rm -rf /", "$HOME"], Path.GetTempPath());

        var result = await new ProcessRunner().RunAsync(spec, Ct);

        Assert.Equal(ProcessExitKind.Exited, result.Kind);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("a b; rm -rf /|$HOME\n", result.StandardOutput);
    }

    [Fact]
    public async Task Stdin_is_closed_so_a_reader_sees_end_of_input_at_once()
    {
        var result = await new ProcessRunner().RunAsync(Shell("cat; echo done-$?", TimeSpan.FromSeconds(20)), Ct);

        Assert.Equal(ProcessExitKind.Exited, result.Kind);
        Assert.Equal("done-0\n", result.StandardOutput);
    }

    [Fact]
    public async Task Given_input_is_written_then_stdin_is_closed()
    {
        var spec = new ProcessSpec("cat", [], Path.GetTempPath()) { StandardInput = "hello\n", Timeout = TimeSpan.FromSeconds(20) };

        var result = await new ProcessRunner().RunAsync(spec, Ct);

        Assert.Equal("hello\n", result.StandardOutput);
    }

    [Fact]
    public async Task Environment_is_explicit_variables_can_be_set_and_removed()
    {
        Environment.SetEnvironmentVariable("ORCH_TEST_INHERITED", "leak");
        var spec = Shell("echo \"[$ORCH_TEST_INHERITED][$ORCH_TEST_SET]\"") with
        {
            Environment = new Dictionary<string, string?> { ["ORCH_TEST_INHERITED"] = null, ["ORCH_TEST_SET"] = "v" },
        };

        var result = await new ProcessRunner().RunAsync(spec, Ct);

        Assert.Equal("[][v]\n", result.StandardOutput);
    }

    [Fact]
    public async Task A_timeout_stops_the_whole_tree_and_is_not_a_cancellation()
    {
        var pidFile = Path.Combine(Path.GetTempPath(), $"orch-grandchild-{Guid.NewGuid():N}");
        // The shell ignores SIGINT and starts a grandchild that would outlive a naive kill of the direct child.
        var script = $"trap '' INT; sleep 300 & echo $! > {pidFile}; wait";

        var result = await new ProcessRunner().RunAsync(Shell(script, TimeSpan.FromMilliseconds(700)), Ct);

        Assert.Equal(ProcessExitKind.TimedOut, result.Kind);
        Assert.Contains("timed out", result.FailureMessage);
        var grandchild = int.Parse(File.ReadAllText(pidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        File.Delete(pidFile);
        await WaitUntilGoneAsync(grandchild);
        Assert.True(!Directory.Exists($"/proc/{grandchild}") || IsZombie(grandchild), "the grandchild process was left running");
    }

    [Fact]
    public async Task Cancellation_stops_the_process_and_says_cancelled()
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        cancel.CancelAfter(TimeSpan.FromMilliseconds(300));

        var result = await new ProcessRunner().RunAsync(Shell("sleep 300", TimeSpan.FromMinutes(5)), cancel.Token);

        Assert.Equal(ProcessExitKind.Cancelled, result.Kind);
        Assert.True(result.Duration < TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task A_missing_program_is_a_failed_start_value_not_an_exception()
    {
        var result = await new ProcessRunner().RunAsync(new ProcessSpec("no-such-program-orch", [], Path.GetTempPath()), Ct);

        Assert.Equal(ProcessExitKind.FailedToStart, result.Kind);
        Assert.Contains("no-such-program-orch", result.FailureMessage);
    }

    [Fact]
    public async Task The_log_file_gets_both_streams_with_secrets_masked()
    {
        var log = Path.Combine(Path.GetTempPath(), $"orch-log-{Guid.NewGuid():N}", "c1-1.log");
        var spec = Shell("echo token=sk-secret-123456; echo oops >&2") with { LogPath = log, Secrets = ["sk-secret-123456"] };

        var result = await new ProcessRunner().RunAsync(spec, Ct);

        Assert.Contains("sk-secret-123456", result.StandardOutput);
        var logged = await File.ReadAllTextAsync(log, Ct);
        Assert.Contains("token=***", logged);
        Assert.DoesNotContain("sk-secret-123456", logged);
        Assert.Contains("[stderr] oops", logged);
        Directory.Delete(Path.GetDirectoryName(log)!, recursive: true);
    }

    private static async Task WaitUntilGoneAsync(int pid)
    {
        for (var i = 0; i < 50 && Directory.Exists($"/proc/{pid}") && !IsZombie(pid); i++)
        {
            await Task.Delay(100, Ct);
        }
    }

    private static bool IsZombie(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/stat").Split(") ")[1].StartsWith('Z');
        }
        catch (IOException)
        {
            return true;
        }
    }
}
