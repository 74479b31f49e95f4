using System.CommandLine;
using Microsoft.Extensions.Logging;

namespace Orchestrator.McpServer.Hosting;

/// <summary>The command line: <c>--project</c>, <c>--log-level</c>, <c>--log-dir</c>, plus the built-in --help and --version.</summary>
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

        var root = new RootCommand(
            "Orchestrator MCP server: runs a feature through spec -> plan -> gate -> divide -> gate -> build (parallel coding agents, " +
            "escalation, review) -> close. Speaks MCP over stdio; register it in your MCP client (see README).")
        {
            project, logLevel, logDirectory,
        };

        root.SetAction((parseResult, cancellationToken) =>
        {
            var settings = new ServerSettings(
                parseResult.GetValue(project) is { } dir ? Path.GetFullPath(dir) : null,
                Enum.Parse<LogLevel>(parseResult.GetValue(logLevel)!, ignoreCase: true),
                Path.GetFullPath(parseResult.GetValue(logDirectory)!));
            return StdioServer.RunAsync(settings, cancellationToken);
        });
        return root;
    }
}
