using Microsoft.Extensions.Logging;
using Serilog;
using Serilog.Events;

namespace Orchestrator.McpServer.Hosting;

/// <summary>Serilog to stderr (never stdout: that is the MCP channel) and to a rolling file.</summary>
internal static class ServerLogging
{
    public static Serilog.ILogger Create(ServerSettings settings)
    {
        var configuration = new LoggerConfiguration()
            .MinimumLevel.Is(ToSerilog(settings.LogLevel))
            .MinimumLevel.Override("ModelContextProtocol", settings.LogLevel <= LogLevel.Debug ? LogEventLevel.Debug : LogEventLevel.Warning)
            .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
            // A start-up failure (e.g. a port in use) is reported once, as one line, by the command; not as a stack trace here.
            .MinimumLevel.Override("Microsoft.Extensions.Hosting.Internal.Host", LogEventLevel.Fatal)
            .Enrich.FromLogContext()
            .WriteTo.Console(
                standardErrorFromLevel: LogEventLevel.Verbose,
                outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {Message:lj}{NewLine}{Exception}",
                formatProvider: System.Globalization.CultureInfo.InvariantCulture);
        try
        {
            Directory.CreateDirectory(settings.LogDirectory);
            configuration = configuration.WriteTo.File(
                Path.Combine(settings.LogDirectory, "orchestrator-.log"),
                rollingInterval: RollingInterval.Day,
                retainedFileCountLimit: 14,
                fileSizeLimitBytes: 20 * 1024 * 1024,
                rollOnFileSizeLimit: true,
                shared: true,
                formatProvider: System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A read-only home must not stop the server; stderr still gets every line.
            Console.Error.WriteLine($"orchestrator: cannot write logs to '{settings.LogDirectory}' ({ex.Message}); logging to stderr only.");
        }

        return configuration.CreateLogger();
    }

    private static LogEventLevel ToSerilog(LogLevel level) => level switch
    {
        LogLevel.Trace => LogEventLevel.Verbose,
        LogLevel.Debug => LogEventLevel.Debug,
        LogLevel.Information => LogEventLevel.Information,
        LogLevel.Warning => LogEventLevel.Warning,
        LogLevel.Error => LogEventLevel.Error,
        _ => LogEventLevel.Fatal,
    };
}
