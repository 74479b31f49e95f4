using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Orchestrator.Bench;

/// <summary>
/// Tool calls over stdio with the MCP SDK client, each server in the same run: <c>tools/list</c> size, idle resident
/// memory, the latency of one tool called N times in a row (p50/p95), the memory after those calls, and requests per
/// second with several calls in flight for a fixed time. The same client code drives every server, so the ratios
/// compare the servers, not the clients.
/// </summary>
internal static class CallsBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var parsed = CallsBenchmarkArguments.Parse(args, out var error);
        if (parsed is null)
        {
            Console.Error.WriteLine(error);
            Console.Error.WriteLine("usage: Orchestrator.Bench calls [--calls 1000] [--seconds 10] [--concurrency 8] " +
                "--server LABEL --command 'cmd args' [--tool NAME --args JSON] [--setup NAME --setup-args JSON] [--server ...]");
            return 2;
        }

        var project = Directory.CreateTempSubdirectory("calls-bench-").FullName;
        Process.Start(new ProcessStartInfo("git", ["init", "-q", project]) { UseShellExecute = false })!.WaitForExit();
        Process.Start(new ProcessStartInfo("git", ["-C", project, "commit", "-q", "--allow-empty", "-m", "bench"]) { UseShellExecute = false })!.WaitForExit();
        var rows = new List<CallsBenchmarkRow>();
        foreach (var server in parsed.Servers)
        {
            Console.Error.WriteLine($"calls: {server.Label} ...");
            rows.Add(await MeasureAsync(server, parsed, project).ConfigureAwait(false));
        }

        var baseline = rows[0];
        Console.WriteLine($"tool calls over stdio (MCP SDK client): {parsed.Calls} sequential calls for latency, {parsed.Concurrency} in flight for {parsed.Seconds} s for throughput; ratios against {baseline.Label}");
        Console.WriteLine("| server | tool | tools/list (bytes, tools) | p50 (ms) | p95 (ms) | req/s | idle RSS (MB) | RSS after calls (MB) |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|");
        foreach (var row in rows)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {row.Label} | {row.Tool ?? "-"} | {row.ToolsListBytes:N0} ({row.ToolCount}; {Ratio(row.ToolsListBytes, baseline.ToolsListBytes)}) | " +
                $"{Cell(row.P50, baseline.P50, "F3")} | {Cell(row.P95, baseline.P95, "F3")} | {Cell(row.RequestsPerSecond, baseline.RequestsPerSecond, "F0")} | " +
                $"{row.IdleRssMb:F0} | {(row.AfterCallsRssMb is { } after ? after.ToString("F0", CultureInfo.InvariantCulture) : "-")} |"));
        }

        Directory.Delete(project, recursive: true);
        return 0;
    }

    private static async Task<CallsBenchmarkRow> MeasureAsync(CallsBenchmarkServer server, CallsBenchmarkArguments settings, string project)
    {
        var before = ChildProcesses();
        var transport = new StdioClientTransport(new StdioClientTransportOptions
        {
            Name = server.Label,
            Command = server.Command[0],
            Arguments = server.Command.Skip(1).ToList(),
            WorkingDirectory = project,
        });
        // A busy machine can take tens of seconds to start a Node server: wait longer than the SDK's default for initialize.
        await using var client = await McpClient.CreateAsync(transport, new McpClientOptions { InitializationTimeout = TimeSpan.FromMinutes(3) }).ConfigureAwait(false);
        var pids = ChildProcesses().Except(before).ToList();

        // tools/list as the client receives it: the result object's UTF-8 bytes, non-ASCII left unescaped as servers send it.
        var listed = await client.SendRequestAsync(new JsonRpcRequest { Method = RequestMethods.ToolsList, Params = null }).ConfigureAwait(false);
        var listJson = listed.Result?.ToJsonString(new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) ?? "";
        var toolCount = listed.Result?["tools"]?.AsArray().Count ?? 0;

        await Task.Delay(1000).ConfigureAwait(false);
        var idle = Rss(pids);
        if (server.Tool is null)
        {
            return new CallsBenchmarkRow(server.Label, null, Encoding.UTF8.GetByteCount(listJson), toolCount, null, null, null, idle, null);
        }

        var arguments = Arguments(server.Arguments);
        if (server.SetupTool is not null)
        {
            await client.CallToolAsync(server.SetupTool, Arguments(server.SetupArguments)).ConfigureAwait(false);
        }

        // Warm-up, then sequential calls, each timed.
        for (var i = 0; i < 50; i++)
        {
            await CallAsync(client, server.Tool, arguments).ConfigureAwait(false);
        }

        var times = new List<double>(settings.Calls);
        for (var i = 0; i < settings.Calls; i++)
        {
            var clock = Stopwatch.StartNew();
            await CallAsync(client, server.Tool, arguments).ConfigureAwait(false);
            times.Add(clock.Elapsed.TotalMilliseconds);
        }

        var afterCalls = Rss(pids);

        // Throughput: `concurrency` loops calling as fast as answers come, for a fixed time.
        var stop = Stopwatch.StartNew();
        var deadline = TimeSpan.FromSeconds(settings.Seconds);
        var counts = await Task.WhenAll(Enumerable.Range(0, settings.Concurrency).Select(async _ =>
        {
            var n = 0;
            while (stop.Elapsed < deadline)
            {
                await CallAsync(client, server.Tool, arguments).ConfigureAwait(false);
                n++;
            }

            return n;
        })).ConfigureAwait(false);
        var perSecond = counts.Sum() / stop.Elapsed.TotalSeconds;
        times.Sort();
        return new CallsBenchmarkRow(server.Label, server.Tool, Encoding.UTF8.GetByteCount(listJson), toolCount,
            Percentile(times, 0.50), Percentile(times, 0.95), perSecond, idle, afterCalls);
    }

    private static async Task CallAsync(McpClient client, string tool, IReadOnlyDictionary<string, object?> arguments)
    {
        var result = await client.CallToolAsync(tool, arguments).ConfigureAwait(false);
        if (result.IsError == true)
        {
            throw new InvalidOperationException($"{tool} answered an error: {string.Join(' ', result.Content.OfType<TextContentBlock>().Select(t => t.Text))}");
        }
    }

    private static Dictionary<string, object?> Arguments(string? json) =>
        string.IsNullOrWhiteSpace(json)
            ? []
            : JsonDocument.Parse(json).RootElement.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value.Clone(), StringComparer.Ordinal);

    private static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    private static string Cell(double? value, double? baseline, string format) =>
        value is not { } v ? "-" : string.Create(CultureInfo.InvariantCulture, $"{v.ToString(format, CultureInfo.InvariantCulture)} ({Ratio(v, baseline)})");

    private static string Ratio(double value, double? baseline) =>
        baseline is { } b && b > 0 ? string.Create(CultureInfo.InvariantCulture, $"{value / b:F2}x") : "-";

    /// <summary>This process's children (the stdio transport starts the server as one; a launcher's own children count with it).</summary>
    private static HashSet<int> ChildProcesses()
    {
        var children = new HashSet<int>();
        foreach (var task in Directory.EnumerateDirectories($"/proc/{Environment.ProcessId}/task"))
        {
            var file = Path.Combine(task, "children");
            if (File.Exists(file))
            {
                children.UnionWith(File.ReadAllText(file).Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(c => int.Parse(c, CultureInfo.InvariantCulture)));
            }
        }

        return children;
    }

    private static double Rss(IEnumerable<int> pids) => pids.Sum(StartupBenchmark.ResidentKilobytes) / 1024.0;
}
