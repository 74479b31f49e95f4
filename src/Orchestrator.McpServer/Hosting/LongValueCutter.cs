using Serilog.Core;
using Serilog.Events;

namespace Orchestrator.McpServer.Hosting;

/// <summary>
/// Cuts string values of log events to a fixed length. Refusals quote the caller's input, and a burst of calls with
/// megabyte arguments once rotated all 14 log files away in seconds; Serilog's own length limit only covers
/// destructured objects, not plain string properties.
/// </summary>
internal sealed class LongValueCutter(int maxLength) : ILogEventEnricher
{
    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
    {
        foreach (var (name, value) in logEvent.Properties.ToList())
        {
            if (value is ScalarValue { Value: string text } && text.Length > maxLength)
            {
                logEvent.AddOrUpdateProperty(new LogEventProperty(name, new ScalarValue($"{text[..maxLength]}... (cut from {text.Length} characters)")));
            }
        }
    }
}
