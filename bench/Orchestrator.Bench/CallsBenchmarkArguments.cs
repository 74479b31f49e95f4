using System.Globalization;

namespace Orchestrator.Bench;

/// <summary>
/// <see cref="CallsBenchmark"/>'s command line: global counts, then per server <c>--server LABEL</c> followed by the
/// options that describe it (<c>--command</c>, <c>--tool</c>, <c>--args</c>, <c>--setup</c>, <c>--setup-args</c>).
/// </summary>
internal sealed record CallsBenchmarkArguments(int Calls, int Seconds, int Concurrency, IReadOnlyList<CallsBenchmarkServer> Servers)
{
    public static CallsBenchmarkArguments? Parse(string[] args, out string? error)
    {
        var (calls, seconds, concurrency) = (1000, 10, 8);
        var servers = new List<CallsBenchmarkServer>();
        for (var i = 0; i < args.Length; i++)
        {
            if (i + 1 >= args.Length)
            {
                error = $"{args[i]} needs a value";
                return null;
            }

            var value = args[++i];
            var last = servers.Count > 0 ? servers[^1] : null;
            switch (args[i - 1])
            {
                case "--calls": calls = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--seconds": seconds = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--concurrency": concurrency = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--server": servers.Add(new CallsBenchmarkServer(value, [], null, null, null, null)); break;
                case "--command" when last is not null: servers[^1] = last with { Command = value.Split(' ', StringSplitOptions.RemoveEmptyEntries) }; break;
                case "--tool" when last is not null: servers[^1] = last with { Tool = value }; break;
                case "--args" when last is not null: servers[^1] = last with { Arguments = value }; break;
                case "--setup" when last is not null: servers[^1] = last with { SetupTool = value }; break;
                case "--setup-args" when last is not null: servers[^1] = last with { SetupArguments = value }; break;
                default:
                    error = $"unknown or misplaced argument {args[i - 1]}";
                    return null;
            }
        }

        error = servers.Count == 0 ? "no --server given" : servers.FirstOrDefault(s => s.Command.Count == 0) is { } bare ? $"--server {bare.Label} has no --command" : null;
        return error is null ? new CallsBenchmarkArguments(calls, seconds, concurrency, servers) : null;
    }
}
