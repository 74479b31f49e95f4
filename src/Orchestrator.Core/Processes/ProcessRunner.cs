using System.Diagnostics;
using System.Text;

namespace Orchestrator.Core.Processes;

/// <summary>
/// The one real <see cref="IProcessRunner"/>. Stdin is always redirected and closed (an inherited stdin would be the MCP
/// channel, and agent CLIs wait on an open silent stdin); on timeout or cancellation the child gets SIGINT, then SIGTERM
/// to its whole tree, then the tree is killed.
/// </summary>
public sealed class ProcessRunner(TimeProvider timeProvider) : IProcessRunner
{
    /// <summary>Output kept in memory per stream; the log file (when set) keeps everything.</summary>
    private const int MaxCapturedChars = 8 * 1024 * 1024;

    public ProcessRunner()
        : this(TimeProvider.System)
    {
    }

    public async Task<ProcessResult> RunAsync(ProcessSpec spec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var started = timeProvider.GetTimestamp();
        if (!Directory.Exists(spec.WorkingDirectory))
        {
            return new ProcessResult(ProcessExitKind.FailedToStart, null, "", "", TimeSpan.Zero,
                $"working directory '{spec.WorkingDirectory}' does not exist");
        }

        var startInfo = BuildStartInfo(spec);
        // Mask the spec's secrets and every secret-looking variable the child really gets (inherited ones included).
        var secrets = spec.Secrets.Concat(SecretMasker.SecretValuesIn(startInfo.Environment)).Distinct(StringComparer.Ordinal).ToList();
        using var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        using var log = OpenLog(spec.LogPath);
        var stdout = new CappedBuffer(MaxCapturedChars);
        var stderr = new CappedBuffer(MaxCapturedChars);
        var stdoutClosed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var stderrClosed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // Made with the injected clock (and no delay yet), so every restart below runs on that clock.
        using var idle = new CancellationTokenSource(Timeout.InfiniteTimeSpan, timeProvider);
        using var watcherStop = new CancellationTokenSource();
        string? watcherReason = null;
        process.OutputDataReceived += (_, e) =>
        {
            OnLine(e.Data, stdout, log, "", secrets, stdoutClosed);
            if (e.Data is not null)
            {
                // Every line is activity: the stall clock starts again.
                TryRestart(idle, spec.IdleTimeout);
                if (watcherReason is null && spec.OutputWatcher?.Observe(e.Data) is { } reason)
                {
                    watcherReason = reason;
                    TryCancel(watcherStop);
                }
            }
        };
        process.ErrorDataReceived += (_, e) => OnLine(e.Data, stderr, log, "[stderr] ", secrets, stderrClosed);

        try
        {
            if (!process.Start())
            {
                return new ProcessResult(ProcessExitKind.FailedToStart, null, "", "", TimeSpan.Zero, $"could not start '{spec.FileName}'");
            }
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return new ProcessResult(ProcessExitKind.FailedToStart, null, "", "", timeProvider.GetElapsedTime(started),
                $"could not start '{spec.FileName}': {ex.Message}");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await FeedStandardInputAsync(process, spec.StandardInput).ConfigureAwait(false);

        using var timeout = spec.Timeout is { } limit
            ? new CancellationTokenSource(limit, timeProvider)
            : new CancellationTokenSource();
        TryRestart(idle, spec.IdleTimeout);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token, idle.Token, watcherStop.Token);
        var kind = ProcessExitKind.Exited;
        try
        {
            await process.WaitForExitAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            kind = cancellationToken.IsCancellationRequested ? ProcessExitKind.Cancelled
                : watcherStop.IsCancellationRequested ? ProcessExitKind.StoppedByWatcher
                : timeout.IsCancellationRequested ? ProcessExitKind.TimedOut
                : ProcessExitKind.Stalled;
            await StopTreeAsync(process, spec.KillGracePeriod).ConfigureAwait(false);
        }

        // The exit event can precede the last output lines; wait briefly for both streams to close.
        await Task.WhenAny(Task.WhenAll(stdoutClosed.Task, stderrClosed.Task), Task.Delay(TimeSpan.FromSeconds(2), timeProvider)).ConfigureAwait(false);
        var duration = timeProvider.GetElapsedTime(started);
        int? exitCode = process.HasExited ? process.ExitCode : null;
        var failure = kind switch
        {
            ProcessExitKind.TimedOut => $"timed out after {spec.Timeout!.Value.TotalSeconds:0.#} s; process tree stopped",
            ProcessExitKind.Cancelled => "cancelled; process tree stopped",
            ProcessExitKind.Stalled => $"no output for {spec.IdleTimeout!.Value.TotalSeconds:0.#} s; process tree stopped",
            ProcessExitKind.StoppedByWatcher => $"{watcherReason}; process tree stopped",
            _ => null,
        };
        return new ProcessResult(kind, exitCode, stdout.ToString(), stderr.ToString(), duration, failure);
    }

    private static void TryRestart(CancellationTokenSource idle, TimeSpan? limit)
    {
        if (limit is not { } delay)
        {
            return;
        }

        try
        {
            idle.CancelAfter(delay);
        }
        catch (ObjectDisposedException)
        {
            // A late line after the run ended.
        }
    }

    private static void TryCancel(CancellationTokenSource source)
    {
        try
        {
            source.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // A late line after the run ended.
        }
    }

    private static ProcessStartInfo BuildStartInfo(ProcessSpec spec)
    {
        var info = new ProcessStartInfo(spec.FileName)
        {
            WorkingDirectory = spec.WorkingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            CreateNoWindow = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in spec.Arguments)
        {
            info.ArgumentList.Add(argument);
        }

        if (!spec.InheritEnvironment)
        {
            info.Environment.Clear();
        }

        foreach (var (name, value) in spec.Environment)
        {
            if (value is null)
            {
                info.Environment.Remove(name);
            }
            else
            {
                info.Environment[name] = value;
            }
        }

        return info;
    }

    private static async Task FeedStandardInputAsync(Process process, string? input)
    {
        try
        {
            if (input is not null)
            {
                await process.StandardInput.WriteAsync(input).ConfigureAwait(false);
            }

            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The child exited before reading its input; its exit code tells the rest.
        }
    }

    private static StreamWriter? OpenLog(string? path)
    {
        if (path is null)
        {
            return null;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        return new StreamWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read)) { AutoFlush = true };
    }

    private static void OnLine(string? line, CappedBuffer buffer, StreamWriter? log, string prefix, IReadOnlyList<string> secrets, TaskCompletionSource closed)
    {
        if (line is null)
        {
            closed.TrySetResult();
            return;
        }

        buffer.AppendLine(line);
        if (log is not null)
        {
            lock (log)
            {
                log.WriteLine(prefix + SecretMasker.Mask(line, secrets));
            }
        }
    }

    private async Task StopTreeAsync(Process process, TimeSpan grace)
    {
        if (process.HasExited)
        {
            return;
        }

        var pid = process.Id;
        // Remember the tree now: once the parent is gone its orphans are re-parented and can no longer be found.
        // Each pid is kept with its start marker, so a pid reused by an unrelated process meanwhile is never signalled.
        var tree = PosixSignals.Descendants(pid).Select(p => (Pid: p, Marker: ProcessLiveness.StartMarker(p))).ToList();
        try
        {
            await StopParentAndTreeAsync(process, pid, grace).ConfigureAwait(false);
        }
        finally
        {
            foreach (var (straggler, marker) in tree)
            {
                if (marker is not null && ProcessLiveness.StartMarker(straggler) == marker)
                {
                    PosixSignals.TrySend(straggler, PosixSignals.SigKill);
                }
            }
        }
    }

    private async Task StopParentAndTreeAsync(Process process, int pid, TimeSpan grace)
    {
        // Polite first: most CLIs flush and exit on SIGINT; then SIGTERM to every descendant (a CLI's own children,
        // e.g. a test runner it started, would otherwise outlive it); finally a hard kill of whatever is left.
        if (PosixSignals.TrySend(pid, PosixSignals.SigInt) && await WaitForExitAsync(process, grace).ConfigureAwait(false))
        {
            return;
        }

        foreach (var descendant in PosixSignals.Descendants(pid))
        {
            PosixSignals.TrySend(descendant, PosixSignals.SigTerm);
        }

        if (PosixSignals.TrySend(pid, PosixSignals.SigTerm) && await WaitForExitAsync(process, grace).ConfigureAwait(false))
        {
            return;
        }

        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        await WaitForExitAsync(process, grace).ConfigureAwait(false);
    }

    private async Task<bool> WaitForExitAsync(Process process, TimeSpan grace)
    {
        using var wait = new CancellationTokenSource(grace, timeProvider);
        try
        {
            await process.WaitForExitAsync(wait.Token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return process.HasExited;
        }
    }
}
