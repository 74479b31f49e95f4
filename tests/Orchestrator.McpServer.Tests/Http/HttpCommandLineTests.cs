using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Orchestrator.McpServer.Tests.Harness;
using Orchestrator.Testing;

namespace Orchestrator.McpServer.Tests.Http;

/// <summary>The built server started with <c>--http</c> as a real process: start-up line, token from the environment, refusals.</summary>
public sealed partial class HttpCommandLineTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Http_mode_beyond_loopback_takes_the_token_from_the_environment_and_never_logs_it()
    {
        using var repo = TempGitRepository.Create();
        const string Token = "env-token-9f8e7d6c5b4a39281706";
        using var server = ServerProcess.Start(["--http", "--urls", "http://0.0.0.0:0", "--project", repo.Root, "--idle-timeout", "5m"], Token);
        var port = await server.WaitForPortAsync();
        var endpoint = new Uri($"http://127.0.0.1:{port}/mcp");
        using var http = new HttpClient();

        using var withoutToken = await http.SendAsync(RawMcpHttp.Post(endpoint, RawMcpHttp.InitializeBody), Ct);
        using var wrongToken = await http.SendAsync(RawMcpHttp.Post(endpoint, RawMcpHttp.InitializeBody, token: "env-token-0000"), Ct);
        var sessionId = await RawMcpHttp.InitializeAsync(http, endpoint, Token, Ct);
        using var tools = await http.SendAsync(RawMcpHttp.Post(endpoint, RawMcpHttp.ToolsListBody, sessionId, token: Token), Ct);
        var toolList = await RawMcpHttp.ReadMessageAsync(tools, Ct);
        var log = server.StopAndReadErrors();

        Assert.Equal(HttpStatusCode.Unauthorized, withoutToken.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongToken.StatusCode);
        Assert.Contains(toolList.GetProperty("result").GetProperty("tools").EnumerateArray(), t => t.GetProperty("name").GetString() == "session_start");
        Assert.Contains("token required: True", log);
        Assert.Contains("claude mcp add --transport http orchestrator http://", log);
        Assert.Contains("--header \"Authorization: Bearer $ORCHESTRATOR_TOKEN\"", log);
        Assert.DoesNotContain(Token, log);
        Assert.DoesNotContain("env-token-0000", log);
    }

    [Fact]
    public async Task Http_mode_on_loopback_serves_the_sdk_client()
    {
        using var repo = TempGitRepository.Create();
        using var server = ServerProcess.Start(["--http", "--urls", "http://127.0.0.1:0", "--project", repo.Root], token: null);
        var port = await server.WaitForPortAsync();
        var transport = new ModelContextProtocol.Client.HttpClientTransport(new ModelContextProtocol.Client.HttpClientTransportOptions
        {
            Endpoint = new Uri($"http://127.0.0.1:{port}/mcp"),
            TransportMode = ModelContextProtocol.Client.HttpTransportMode.StreamableHttp,
        });
        await using var client = await ModelContextProtocol.Client.McpClient.CreateAsync(transport, cancellationToken: Ct);

        var started = await client.CallOkAsync("session_start", new() { ["description"] = "Add OAuth login" }, Ct);
        var status = await client.CallOkAsync("session_status", new(), Ct);

        Assert.Equal(started.GetProperty("session_id").GetString(), status.GetProperty("session_id").GetString());
        Assert.Equal(repo.Root, status.GetProperty("project_root").GetString());
    }

    [Fact]
    public async Task Http_mode_refuses_to_start_beyond_loopback_without_a_token_and_rejects_bad_options()
    {
        var noToken = await ServerProcess.RunToExitAsync(["--http", "--urls", "http://0.0.0.0:0"]);
        var https = await ServerProcess.RunToExitAsync(["--http", "--urls", "https://127.0.0.1:0"]);
        var idle = await ServerProcess.RunToExitAsync(["--http", "--idle-timeout", "soon"]);

        Assert.Equal(2, noToken.ExitCode);
        Assert.Contains("ORCHESTRATOR_TOKEN", noToken.Error);
        Assert.NotEqual(0, https.ExitCode);
        Assert.Contains("only http://host:port", https.Error);
        Assert.NotEqual(0, idle.ExitCode);
        Assert.Contains("--idle-timeout 'soon'", idle.Error);
    }

    [Fact]
    public async Task Http_mode_on_a_port_in_use_says_so_in_one_line_and_exits_non_zero()
    {
        using var taken = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;

        var result = await ServerProcess.RunToExitAsync(["--http", "--urls", $"http://127.0.0.1:{port}"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"orchestrator: http://127.0.0.1:{port} is already in use (another program, perhaps another orchestrator-mcp --http, listens on port {port}). " +
            "Stop it, or pick another port: --urls http://127.0.0.1:<port> (port 0 picks a free one).", result.Error.Trim());
    }

    [GeneratedRegex(@"Serving MCP \(Streamable HTTP\) at http://[^:/]+:(\d+)/mcp")]
    private static partial Regex ListeningLine();

    /// <summary>The built server as a child process with its stderr collected.</summary>
    private sealed class ServerProcess : IDisposable
    {
        private readonly Process _process;
        private readonly StringBuilder _errors = new();
        private readonly TaskCompletionSource<int> _port = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private bool _disposed;

        private ServerProcess(Process process)
        {
            _process = process;
        }

        public static ServerProcess Start(string[] arguments, string? token)
        {
            var process = new Process { StartInfo = Info(arguments, token) };
            var server = new ServerProcess(process);
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
}
