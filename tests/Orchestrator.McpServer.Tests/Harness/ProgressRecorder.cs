using System.Collections.Concurrent;
using ModelContextProtocol;

namespace Orchestrator.McpServer.Tests.Harness;

/// <summary>Collects progress notifications as they arrive (synchronously, unlike Progress&lt;T&gt;).</summary>
internal sealed class ProgressRecorder : IProgress<ProgressNotificationValue>
{
    public ConcurrentQueue<ProgressNotificationValue> Values { get; } = new();

    public void Report(ProgressNotificationValue value) => Values.Enqueue(value);
}
