using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Orchestrator.McpServer.Tests.Harness;

namespace Orchestrator.McpServer.Tests.Http;

/// <summary>The built server as a child process (its real command line, e.g. <c>--http --gates dashboard</c>) with its stderr collected.</summary>
internal sealed partial class HttpServerProcess : IDisposable
{
    [GeneratedRegex(@"Serving MCP \(Streamable HTTP\) at http://[^:/]+:(\d+)/mcp")]
    private static partial Regex ListeningLine();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly Process _process;
    private readonly StringBuilder _errors = new();
    private readonly TaskCompletionSource<int> _port = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _disposed;

    private HttpServerProcess(Process process)
    {
        _process = process;
    }

    public static HttpServerProcess Start(string[] arguments, string? token)
    {
        var process = new Process { StartInfo = Info(arguments, token) };
        var server = new HttpServerProcess(process);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                server._port.TrySetException(new InvalidOperationException("the server exited before listening:\n" + server.Errors));
                return;
            }

            lock (server._errors)
            {
                server._errors.AppendLine(e.Data);
            }

            if (ListeningLine().Match(e.Data) is { Success: true } match)
            {
                server._port.TrySetResult(int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
            }
        };
        process.Start();
        process.BeginErrorReadLine();
        return server;
    }

    public static async Task<(int ExitCode, string Error)> RunToExitAsync(string[] arguments)
    {
        using var process = Process.Start(Info(arguments, token: null))!;
        var error = process.StandardError.ReadToEndAsync(Ct);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(90));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException("the server kept running instead of refusing to start");
        }

        return (process.ExitCode, await error);
    }

    private string Errors
    {
        get
        {
            lock (_errors)
            {
                return _errors.ToString();
            }
        }
    }

    public Task<int> WaitForPortAsync() => _port.Task.WaitAsync(TimeSpan.FromSeconds(90), Ct);

    public string StopAndReadErrors()
    {
        Dispose();
        return Errors;
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    private static ProcessStartInfo Info(string[] arguments, string? token)
    {
        var info = ServerExecutable.StartInfo(arguments.Concat(["--log-dir", Path.Combine(Path.GetTempPath(), "orch-test-logs")]));

        info.Environment.Remove("ORCHESTRATOR_TOKEN");
        if (token is not null)
        {
            info.Environment["ORCHESTRATOR_TOKEN"] = token;
        }

        return info;
    }
}
