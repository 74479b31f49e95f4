using System.Diagnostics;
using Orchestrator.Testing.FakeModelApis;

namespace Orchestrator.Testing;

/// <summary>
/// Runs a real agent CLI the way the orchestrator's runners must: argument list (never a shell string), stdin closed
/// at once (Codex otherwise waits forever for more input, Claude waits 3 s), output captured, whole tree killed on timeout.
/// </summary>
public static class CliProcess
{
    public static async Task<CliProcessResult> RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        string workingDirectory,
        FakeAgentEnvironment environment,
        TimeSpan timeout,
        CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        environment.ApplyTo(startInfo);

        var stopwatch = Stopwatch.StartNew();
        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var timedOut = false;
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            timedOut = !cancellationToken.IsCancellationRequested;
            // Claude and Codex start helpers (shells, MCP servers); killing only the parent would leak them.
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
        }

        var output = await stdout;
        var error = await stderr;
        return new CliProcessResult(process.ExitCode, output, error, timedOut, stopwatch.Elapsed);
    }
}
