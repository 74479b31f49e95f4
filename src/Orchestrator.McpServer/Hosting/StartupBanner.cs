using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Orchestrator.McpServer.Hosting;

/// <summary>
/// What the server says on stderr when it starts, so someone who runs it by hand can tell that it works and how to
/// register it: version, repository, transport, log file. Never on stdout: on stdio that is the MCP channel.
/// </summary>
internal static class StartupBanner
{
    /// <summary>Set by a launcher (the npm package) to the command a client should start instead of this process's path.</summary>
    public const string LaunchCommandVariable = "ORCHESTRATOR_MCP_COMMAND";

    public static void WriteStdio(ServerSettings settings, TextWriter error)
    {
        if (settings.LogLevel == LogLevel.None)
        {
            return;
        }

        error.WriteLine(
            $"orchestrator-mcp {OrchestratorServerSetup.Version}: serving MCP over stdio; stdin/stdout carry JSON-RPC for an MCP client, these lines go to stderr.\n" +
            $"  repository: {Repository(settings)}\n" +
            $"  log file:   {LogFile(settings)}\n" +
            $"  register with Claude Code: claude mcp add orchestrator -- {LaunchCommand()}\n" +
            "  (started by hand it waits for a client on stdin; Ctrl+C stops it)");
        error.Flush();
    }

    public static void WriteHttp(ServerSettings settings, IReadOnlyList<Uri> addresses, bool tokenRequired, TextWriter error)
    {
        if (settings.LogLevel == LogLevel.None)
        {
            return;
        }

        var mcp = addresses.Count > 0 ? addresses[0].ToString().TrimEnd('/') + "/mcp" : "http://127.0.0.1:7777/mcp";
        var header = tokenRequired ? " --header \"Authorization: Bearer $ORCHESTRATOR_TOKEN\"" : "";
        error.WriteLine(
            $"orchestrator-mcp {OrchestratorServerSetup.Version}: serving MCP over Streamable HTTP at {mcp} (dashboard at {addresses.FirstOrDefault()})\n" +
            $"  repository: {Repository(settings)}\n" +
            $"  log file:   {LogFile(settings)}\n" +
            $"  register with Claude Code: claude mcp add --transport http orchestrator {mcp}{header}\n" +
            "  Ctrl+C stops it");
        error.Flush();
    }

    private static string Repository(ServerSettings settings) => settings.ProjectDirectory is { } project
        ? $"{project} (--project)"
        : $"the client's roots, else the working directory {Environment.CurrentDirectory}";

    /// <summary>Serilog's daily file: orchestrator-yyyyMMdd.log in the log folder.</summary>
    private static string LogFile(ServerSettings settings) =>
        Path.Combine(settings.LogDirectory, string.Create(CultureInfo.InvariantCulture, $"orchestrator-{DateTime.Now:yyyyMMdd}.log"));

    /// <summary>The command that started this server, in the form a client's registration takes.</summary>
    internal static string LaunchCommand()
    {
        if (Environment.GetEnvironmentVariable(LaunchCommandVariable) is { Length: > 0 } given)
        {
            return given;
        }

        var process = Environment.ProcessPath ?? "orchestrator-mcp";
        var isMuxer = Path.GetFileNameWithoutExtension(process).Equals("dotnet", StringComparison.OrdinalIgnoreCase);
        // Under `dotnet <dll>` the process is the muxer; the DLL is this app's main assembly (empty under NativeAOT,
        // where the process path is the executable itself).
        var assembly = Path.Combine(AppContext.BaseDirectory, "Orchestrator.McpServer.dll");
        return isMuxer && File.Exists(assembly) ? $"{Quote(process)} {Quote(assembly)}" : Quote(process);
    }

    private static string Quote(string path) => path.Contains(' ', StringComparison.Ordinal) ? $"\"{path}\"" : path;
}
