using System.Diagnostics;
using System.Globalization;

namespace Orchestrator.Bench;

/// <summary>
/// Start-up, side by side: spawn a server, send <c>initialize</c> over stdio, stop the clock at the answer's first line.
/// Every server is measured in the same run, interleaved (one spawn of each per round), so a busy machine slows all of
/// them alike; figures are medians with ratios against the first server given. Also the idle resident memory (VmRSS)
/// one second after the answer.
/// </summary>
internal static class StartupBenchmark
{
    private const string Initialize =
        """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"startup-bench","version":"1"}}}""";

    public static async Task<int> RunAsync(string[] args)
    {
        var runs = 15;
        var servers = new List<(string Label, string[] Command)>();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--runs" when i + 1 < args.Length:
                    runs = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--server" when i + 1 < args.Length && args[i + 1].Split('=', 2) is [var label, var command]:
                    servers.Add((label, command.Split(' ', StringSplitOptions.RemoveEmptyEntries)));
                    i++;
                    break;
                default:
                    Console.Error.WriteLine($"unknown argument {args[i]}");
                    return 2;
            }
        }

        if (servers.Count == 0)
        {
            Console.Error.WriteLine("usage: Orchestrator.Bench startup [--runs N] --server label='command args' [--server ...]");
            return 2;
        }

        var project = Directory.CreateTempSubdirectory("startup-bench-").FullName;
        Process.Start(new ProcessStartInfo("git", ["init", "-q", project]) { UseShellExecute = false })!.WaitForExit();
        var startup = servers.ToDictionary(s => s.Label, _ => new List<double>());
        var rss = servers.ToDictionary(s => s.Label, _ => new List<double>());

        // One warm-up spawn each (disk cache), not counted.
        foreach (var (_, command) in servers)
        {
            await MeasureAsync(command, project, measureRss: false).ConfigureAwait(false);
        }

        for (var round = 0; round < runs; round++)
        {
            foreach (var (label, command) in servers)
            {
                var (ms, kb) = await MeasureAsync(command, project, measureRss: round < 3).ConfigureAwait(false);
                startup[label].Add(ms);
                if (kb > 0)
                {
                    rss[label].Add(kb / 1024.0);
                }
            }
        }

        var baseline = Median(startup[servers[0].Label]);
        Console.WriteLine($"start-up, spawn -> initialize answer, {runs} runs each, interleaved; ratio against {servers[0].Label}");
        Console.WriteLine("| server | median (ms) | min (ms) | max (ms) | ratio | idle RSS (MB) |");
        Console.WriteLine("|---|---|---|---|---|---|");
        foreach (var (label, _) in servers)
        {
            var times = startup[label];
            var memory = rss[label].Count > 0 ? Median(rss[label]).ToString("F0", CultureInfo.InvariantCulture) : "-";
            Console.WriteLine($"| {label} | {Median(times):F0} | {times.Min():F0} | {times.Max():F0} | {Median(times) / baseline:F2}x | {memory} |");
        }

        Directory.Delete(project, recursive: true);
        return 0;
    }

    private static async Task<(double Milliseconds, long RssKilobytes)> MeasureAsync(string[] command, string project, bool measureRss)
    {
        var info = new ProcessStartInfo(command[0])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = project,
        };
        foreach (var argument in command.Skip(1))
        {
            info.ArgumentList.Add(argument);
        }

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(info)!;
        _ = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteLineAsync(Initialize).ConfigureAwait(false);
        await process.StandardInput.FlushAsync().ConfigureAwait(false);
        string? line;
        while ((line = await process.StandardOutput.ReadLineAsync().ConfigureAwait(false)) is not null && !line.Contains("\"id\":1", StringComparison.Ordinal))
        {
        }

        var elapsed = clock.Elapsed.TotalMilliseconds;
        long rssKb = 0;
        if (measureRss && line is not null)
        {
            await Task.Delay(1000).ConfigureAwait(false);
            rssKb = ResidentKilobytes(process.Id);
        }

        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync().ConfigureAwait(false);
        if (line is null)
        {
            throw new InvalidOperationException($"{string.Join(' ', command)} ended without answering initialize");
        }

        return (elapsed, rssKb);
    }

    /// <summary>VmRSS of the process and its children (an npx or node launcher counts with the server it starts).</summary>
    internal static long ResidentKilobytes(int pid)
    {
        long total = 0;
        foreach (var child in Descendants(pid).Prepend(pid))
        {
            var status = $"/proc/{child}/status";
            if (File.Exists(status) && File.ReadLines(status).FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal)) is { } row)
            {
                total += long.Parse(row.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
            }
        }

        return total;
    }

    private static IEnumerable<int> Descendants(int pid)
    {
        var children = $"/proc/{pid}/task/{pid}/children";
        if (!File.Exists(children))
        {
            yield break;
        }

        foreach (var child in File.ReadAllText(children).Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(c => int.Parse(c, CultureInfo.InvariantCulture)))
        {
            yield return child;
            foreach (var grandchild in Descendants(child))
            {
                yield return grandchild;
            }
        }
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
