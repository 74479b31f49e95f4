using Microsoft.Extensions.Logging;
using Serilog;
using Serilog.Events;

namespace Orchestrator.McpServer.Hosting;

/// <summary>
/// Serilog to stderr (never stdout: that is the MCP channel) and to a rolling file; the hosts register it with
/// Serilog.Extensions.Hosting's <c>AddSerilog</c>, which makes it the only logger factory.
/// </summary>
internal static class ServerLogging
{
    /// <summary>The longest string value one log event keeps (longer ones are cut).</summary>
    public const int MaxLoggedStringLength = 4_000;

    public static Serilog.ILogger Create(ServerSettings settings)
    {
        if (settings.LogLevel == LogLevel.None)
        {
            // Serilog has no level above Fatal; "none" means a logger without sinks.
            return new LoggerConfiguration().CreateLogger();
        }

        var configuration = new LoggerConfiguration()
            .MinimumLevel.Is(ToSerilog(settings.LogLevel))
            .MinimumLevel.Override("ModelContextProtocol", settings.LogLevel <= LogLevel.Debug ? LogEventLevel.Debug : LogEventLevel.Warning)
            .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
            // A start-up failure (e.g. a port in use) is reported once, as one line, by the command; not as a stack trace here.
            .MinimumLevel.Override("Microsoft.Extensions.Hosting.Internal.Host", LogEventLevel.Fatal)
            .MinimumLevel.Override("Orleans", LogEventLevel.Warning)
            .Enrich.FromLogContext()
            // One event must never be megabytes: a burst of calls with huge bad arguments would rotate every log file away.
            .Destructure.ToMaximumStringLength(MaxLoggedStringLength)
            .Enrich.With(new LongValueCutter(MaxLoggedStringLength))
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
