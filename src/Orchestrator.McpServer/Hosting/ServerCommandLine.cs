using System.CommandLine;
using Microsoft.Extensions.Logging;
using Orchestrator.Core.Gates;
using Orchestrator.McpServer.Hosting.Cluster;
using Orchestrator.McpServer.Hosting.Http;
using Orchestrator.McpServer.Hosting.Worker;

namespace Orchestrator.McpServer.Hosting;

/// <summary>
/// The command line: <c>--project</c>, <c>--log-level</c>, <c>--log-dir</c>, the HTTP transport (<c>--http</c>, <c>--urls</c>,
/// <c>--token</c>, <c>--idle-timeout</c>, <c>--max-sessions-per-client</c>), the gate policy (<c>--gates</c>), cluster mode (<c>--cluster</c>, and the
/// <c>worker</c> subcommand), plus the built-in --help and --version.
/// </summary>
internal static class ServerCommandLine
{
    private static readonly string[] LogLevels = ["trace", "debug", "information", "warning", "error", "critical", "none"];

    public static RootCommand Create()
    {
        var project = new Option<string?>("--project")
        {
            Description = "Repository to use when a tool call names none and the client shares no roots (default: the working directory).",
            HelpName = "dir",
        };
        project.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string?>();
            if (value is not null && !Directory.Exists(value))
            {
                result.AddError($"--project '{value}' does not exist. Pass the path of a git repository.");
            }
        });

        var logLevel = new Option<string>("--log-level")
        {
            Description = "Minimum level written to stderr and the log file.",
            DefaultValueFactory = _ => "information",
            HelpName = "level",
        };
        logLevel.AcceptOnlyFromAmong(LogLevels);

        var logDirectory = new Option<string>("--log-dir")
        {
            Description = "Folder for the rolling log files.",
            DefaultValueFactory = _ => ServerSettings.DefaultLogDirectory(),
            HelpName = "dir",
        };

        var http = new Option<bool>("--http")
        {
            Description = "Serve MCP over Streamable HTTP at /mcp (and a live dashboard at /) instead of stdio.",
        };

        var urls = new Option<string>("--urls")
        {
            Description = $"With --http: where to listen, ';'-separated (default {HttpServerOptions.DefaultUrl}). Anything beyond loopback needs a token.",
            DefaultValueFactory = _ => HttpServerOptions.DefaultUrl,
            HelpName = "url",
        };

        var token = new Option<string?>("--token")
        {
            Description = $"With --http: bearer token required on /mcp and the dashboard's data (default: env {HttpServerOptions.TokenEnvironmentVariable}; prefer the variable, a command line is visible to other users).",
            HelpName = "secret",
        };

        var idleTimeout = new Option<string>("--idle-timeout")
        {
            Description = "With --http: end MCP sessions idle this long, e.g. 90s, 30m, 2h (default 30m).",
            DefaultValueFactory = _ => "30m",
            HelpName = "duration",
        };
        idleTimeout.Validators.Add(result =>
        {
            if (ParseDuration(result.GetValueOrDefault<string>()) is null)
            {
                result.AddError($"--idle-timeout '{result.GetValueOrDefault<string>()}' is not a duration; write e.g. 90s, 30m or 2h (more than 0).");
            }
        });

        var sessionsPerClient = new Option<int>("--max-sessions-per-client")
        {
            Description = $"With --http: most MCP sessions one client holds at once; one more closes its own least recently used idle one (default {HttpServerOptions.DefaultMaxSessionsPerClient}).",
            DefaultValueFactory = _ => HttpServerOptions.DefaultMaxSessionsPerClient,
            HelpName = "count",
        };
        sessionsPerClient.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 1)
            {
                result.AddError($"--max-sessions-per-client {result.GetValueOrDefault<int>()} must be at least 1.");
            }
        });

        var gates = new Option<string?>("--gates")
        {
            Description = "Who decides the gates: user (a form the client shows; default), dashboard (the --http page), " +
                "client (the caller's decision counts: headless automation). Wins over gates: in .orchestrator/config.yaml.",
            HelpName = "decider",
        };
        gates.AcceptOnlyFromAmong([.. GatePolicy.Names]);
        var cluster = new Option<string?>("--cluster")
        {
            Description = "Cluster mode: run build agents on workers that joined this membership store (redis://host:port) unless config.yaml's cluster: says otherwise. Needs ORCHESTRATOR_CLUSTER_SECRET.",
            HelpName = "url",
        };

        var root = new RootCommand(
            "Orchestrator MCP server: runs a feature through spec -> plan -> gate -> divide -> gate -> build (parallel coding agents, " +
            "escalation, review) -> close. Speaks MCP over stdio, or over Streamable HTTP with --http; register it in your MCP client (see README).")
        {
            project, logLevel, logDirectory, http, urls, token, idleTimeout, sessionsPerClient, gates, cluster,
        };
        root.Subcommands.Add(WorkerCommand.Create(logLevel, logDirectory));

        root.SetAction((parseResult, cancellationToken) =>
        {
            var settings = new ServerSettings(
                parseResult.GetValue(project) is { } dir ? Path.GetFullPath(dir) : null,
                Enum.Parse<LogLevel>(parseResult.GetValue(logLevel)!, ignoreCase: true),
                Path.GetFullPath(parseResult.GetValue(logDirectory)!),
                GatePolicy.TryParse(parseResult.GetValue(gates), out var decider) ? decider : null,
                parseResult.GetValue(cluster) is { Length: > 0 } membership ? membership : null);
            if (settings.ClusterMembership is not null && !ClusterMode.Available)
            {
                Console.Error.WriteLine($"orchestrator-mcp --cluster: {ClusterMode.NeedsManagedBuild}");
                return Task.FromResult(2);
            }

            if (!parseResult.GetValue(http))
            {
                return StdioServer.RunAsync(settings, cancellationToken);
            }

            var httpOptions = new HttpServerOptions(
                parseResult.GetValue(urls)!.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                parseResult.GetValue(token) is { Length: > 0 } given ? given : Environment.GetEnvironmentVariable(HttpServerOptions.TokenEnvironmentVariable),
                ParseDuration(parseResult.GetValue(idleTimeout)!)!.Value)
            {
                MaxSessionsPerClient = parseResult.GetValue(sessionsPerClient),
            };
            return HttpServer.RunAsync(settings, httpOptions, cancellationToken);
        });
        root.Subcommands.Add(CreateWorkerCommand());
        return root;
    }

    /// <summary>
    /// The hidden <c>run</c> subcommand: a detached worker executing one build run (<c>--run</c>) or one spec / plan /
    /// divide / close job (<c>--job</c>), started by a server (see <see cref="WorkerHost"/>). No MCP: its stdio go to
    /// the run's or job's worker.log.
    /// </summary>
    private static Command CreateWorkerCommand()
    {
        var logLevel = new Option<string>("--log-level") { DefaultValueFactory = _ => "information", HelpName = "level" };
        logLevel.AcceptOnlyFromAmong(LogLevels);
        var project = new Option<string>("--project") { Required = true, HelpName = "dir", Description = "The repository's main working tree." };
        var run = new Option<string>("--run") { HelpName = "id", Description = "The build run to execute (its folder under .orchestrator/runs)." };
        var job = new Option<string>("--job") { HelpName = "id", Description = "The phase job to execute (its folder under .orchestrator/jobs)." };
        var cluster = new Option<string?>("--cluster") { HelpName = "url", Description = "The server's --cluster (default: the ORCHESTRATOR_RUN_CLUSTER environment variable the server sets): the run's agents go to this cluster unless config.yaml's cluster: says otherwise." };
        var command = new Command("run", "Executes one build run or phase job in this process (started by the server; not for direct use).")
        {
            project, run, job, logLevel, cluster,
        };
        command.Hidden = true;
        command.Validators.Add(result =>
        {
            if ((result.GetValue(run) is null) == (result.GetValue(job) is null))
            {
                result.AddError("Pass exactly one of --run and --job.");
            }
        });
        command.SetAction((parseResult, cancellationToken) => WorkerHost.RunAsync(
            Path.GetFullPath(parseResult.GetValue(project)!),
            parseResult.GetValue(run) is { } runId ? Core.Build.Runs.WorkerTarget.Run(runId) : Core.Build.Runs.WorkerTarget.Job(parseResult.GetValue(job)!),
            Enum.Parse<LogLevel>(parseResult.GetValue(logLevel)!, ignoreCase: true),
            parseResult.GetValue(cluster) is { Length: > 0 } membership ? membership
                : Environment.GetEnvironmentVariable(WorkerHost.ClusterEnvironmentVariable) is { Length: > 0 } inherited ? inherited : null,
            cancellationToken));
        return command;
    }

    /// <summary>"90s", "30m", "2h" or a bare number of minutes; null when unparsable or not positive.</summary>
    internal static TimeSpan? ParseDuration(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var trimmed = text.Trim();
        var (number, unit) = char.IsLetter(trimmed[^1]) ? (trimmed[..^1], char.ToLowerInvariant(trimmed[^1])) : (trimmed, 'm');
        if (!double.TryParse(number, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value) || value <= 0)
        {
            return null;
        }

        return unit switch
        {
            's' => TimeSpan.FromSeconds(value),
            'm' => TimeSpan.FromMinutes(value),
            'h' => TimeSpan.FromHours(value),
            _ => null,
        };
    }
}
