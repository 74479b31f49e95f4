using Microsoft.Extensions.Logging;
using Orchestrator.McpServer.Hosting;

namespace Orchestrator.McpServer.Tests.Hardening;

/// <summary>A burst of refusals quoting huge arguments must not rotate the log files away: each event is cut.</summary>
public sealed class LogBurstTests : IDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "orch-log-burst", Guid.NewGuid().ToString("N"));

    [Fact]
    public void Five_hundred_refusals_with_1_MB_arguments_stay_in_one_small_log_file()
    {
        var logger = ServerLogging.Create(new ServerSettings(null, LogLevel.Information, directory));
        var huge = new string('x', 1_000_000);

        for (var i = 0; i < 500; i++)
        {
            logger.Information("{Tool} refused: {Reason}", "session_status", huge);
        }

        ((IDisposable)logger).Dispose();
        var files = Directory.GetFiles(directory);
        var file = Assert.Single(files);
        Assert.InRange(new FileInfo(file).Length, 500 * 1_000, 500 * (ServerLogging.MaxLoggedStringLength + 500));
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);
}
