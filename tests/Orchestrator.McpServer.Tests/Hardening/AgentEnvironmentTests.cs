using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using Orchestrator.McpServer.Tests.Harness;
using Orchestrator.Testing;

namespace Orchestrator.McpServer.Tests.Hardening;

/// <summary>
/// The built server runs as an HTTP process with the dashboard token and a GitHub token in its environment; a
/// command-runner agent prints its environment and tries to decide a gate through the dashboard API with whatever
/// token it can find. It finds none: both files lack the secrets and every decision attempt gets 401.
/// </summary>
public sealed partial class AgentEnvironmentTests
{
    private const string DashboardToken = "dash-token-5b1e0c9d8f7a6e5d";
    private const string GitHubToken = "ghp_fakeGitHubToken1234567890";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_agent_sees_neither_the_dashboard_token_nor_a_github_token_and_cannot_decide_a_gate()
    {
        using var repo = TempGitRepository.Create();
        var output = Directory.CreateDirectory(Path.Combine(Path.GetDirectoryName(repo.Root)!, "agent-out")).FullName;
        File.AppendAllText(Path.Combine(repo.Root, ".git", "info", "exclude"), "/.orchestrator/\n");
        using var server = SecretHoldingServer.Start(repo.Root);
        var port = await server.WaitForPortAsync();
        await using var client = await McpClient.CreateAsync(new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = new Uri($"http://127.0.0.1:{port}/mcp"),
            TransportMode = HttpTransportMode.StreamableHttp,
            AdditionalHeaders = new Dictionary<string, string> { ["Authorization"] = "Bearer " + DashboardToken },
        }), new McpClientOptions { ClientInfo = new Implementation { Name = "hardening-tests", Version = "1.0" } }, cancellationToken: Ct);
        var sessionId = await PhaseFlow.ToApprovedBuildAsync(client, repo.Root, PhaseFlow.TwoChunks(), Ct);
        var gateUrl = $"http://127.0.0.1:{port}/api/sessions/{sessionId}/gates/concerns";
        // The agent: its environment to a file, then a gate decision with any token it has, then a valid answer.
        repo.WriteFile(".orchestrator/config.yaml", $$"""
            default_runner: command
            runners:
              command:
                executable: sh
                args: ["-c", "env > \"$1/env-$$.txt\"; curl -s -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/json' -H \"Authorization: Bearer $ORCHESTRATOR_TOKEN\" -d '{\"decision\":\"defer\"}' \"$2\" > \"$1/gate-$$.txt\"; printf '{\"status\":\"done\",\"summary\":\"ok\",\"findings\":[],\"verdict\":\"pass\"}'", "agent", "{{output}}", "{{gateUrl}}"]
            """);

        var runId = (await client.CallOkAsync("build_start",
            new() { ["session_id"] = sessionId, ["runner"] = "command", ["isolation"] = "shared", ["project_root"] = repo.Root }, Ct)).GetProperty("run_id").GetString()!;
        await PhaseFlow.WaitForEndAsync(client, runId, repo.Root, Ct);
        var status = await client.CallOkAsync("session_status", new() { ["session_id"] = sessionId, ["project_root"] = repo.Root }, Ct);
        var log = server.StopAndReadErrors();

        var environments = Directory.GetFiles(output, "env-*.txt").Select(File.ReadAllText).ToList();
        var gateAnswers = Directory.GetFiles(output, "gate-*.txt").Select(File.ReadAllText).ToList();
        Assert.NotEmpty(environments);
        Assert.All(environments, env =>
        {
            Assert.Contains("PATH=", env, StringComparison.Ordinal);
            Assert.DoesNotContain("ORCHESTRATOR_TOKEN", env, StringComparison.Ordinal);
            Assert.DoesNotContain(DashboardToken, env, StringComparison.Ordinal);
            Assert.DoesNotContain("GITHUB_TOKEN", env, StringComparison.Ordinal);
            Assert.DoesNotContain(GitHubToken, env, StringComparison.Ordinal);
        });
        Assert.Equal(environments.Count, gateAnswers.Count);
        Assert.All(gateAnswers, code => Assert.Equal("401", code.Trim()));
        Assert.NotEqual("deferred", status.GetProperty("gates").GetProperty("concerns").GetProperty("status").GetString());
        Assert.DoesNotContain(DashboardToken, log, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"Serving MCP \(Streamable HTTP\) at http://[^:/]+:(\d+)/mcp")]
    private static partial Regex ListeningLine();

    /// <summary>The built server in HTTP mode as a child process whose environment holds the two secrets.</summary>
    private sealed class SecretHoldingServer : IDisposable
    {
        private readonly Process process;
        private readonly StringBuilder errors = new();
        private readonly TaskCompletionSource<int> port = new(TaskCreationOptions.RunContinuationsAsynchronously);

        private SecretHoldingServer(Process process) => this.process = process;

        public static SecretHoldingServer Start(string project)
        {
            var info = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, RedirectStandardInput = true, UseShellExecute = false };
            foreach (var argument in new[] { ServerExecutable.DllPath, "--http", "--urls", "http://127.0.0.1:0", "--project", project, "--log-dir", Path.Combine(Path.GetTempPath(), "orch-test-logs") })
            {
                info.ArgumentList.Add(argument);
            }

            info.Environment["ORCHESTRATOR_TOKEN"] = DashboardToken;
            info.Environment["GITHUB_TOKEN"] = GitHubToken;
            var server = new SecretHoldingServer(new Process { StartInfo = info });
            server.process.ErrorDataReceived += (_, e) =>
            {
                if (e.Data is null)
                {
                    server.port.TrySetException(new InvalidOperationException("the server exited before listening:\n" + server.Errors));
                    return;
                }

                lock (server.errors)
                {
                    server.errors.AppendLine(e.Data);
                }

                if (ListeningLine().Match(e.Data) is { Success: true } match)
                {
                    server.port.TrySetResult(int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
                }
            };
            server.process.Start();
            server.process.BeginErrorReadLine();
            return server;
        }

        private string Errors
        {
            get
            {
                lock (errors)
                {
                    return errors.ToString();
                }
            }
        }

        public Task<int> WaitForPortAsync() => port.Task.WaitAsync(TimeSpan.FromSeconds(90), Ct);

        public string StopAndReadErrors()
        {
            Dispose();
            return Errors;
        }

        public void Dispose()
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
            }
        }
    }
}
