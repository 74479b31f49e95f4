using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Orchestrator.McpServer.Tests.Harness;

/// <summary>
/// Records the progress notifications of the tool calls made through <see cref="CallToolAsync"/> with its own progress
/// token. It listens through a handler registered on the whole client session rather than the SDK's per-call one:
/// the SDK client handles incoming messages concurrently and drops its per-call handler when the answer is handled,
/// so under load a notification the server sent before its answer could be lost to the test (not to the protocol).
/// </summary>
internal sealed class ProgressRecorder
{
    private readonly string _token = "test-progress-" + Guid.NewGuid().ToString("N");
    private readonly ConcurrentDictionary<McpClient, IAsyncDisposable> _registrations = new();

    public ConcurrentQueue<ProgressNotificationValue> Values { get; } = new();

    /// <summary>Calls <paramref name="tool"/> with this recorder's progress token in the request's <c>_meta</c>.</summary>
    public async Task<CallToolResult> CallToolAsync(McpClient client, string tool, IReadOnlyDictionary<string, object?> arguments, CancellationToken cancellationToken)
    {
        _registrations.GetOrAdd(client, c => c.RegisterNotificationHandler(NotificationMethods.ProgressNotification, Record));
        var request = new CallToolRequestParams
        {
            Name = tool,
            Arguments = arguments.ToDictionary(a => a.Key, a => JsonSerializer.SerializeToElement(a.Value, McpJsonUtilities.DefaultOptions)),
            Meta = new JsonObject { ["progressToken"] = _token },
        };
        return await client.CallToolAsync(request, cancellationToken);
    }

    private ValueTask Record(JsonRpcNotification notification, CancellationToken cancellationToken)
    {
        var progress = notification.Params.Deserialize<ProgressNotificationParams>(McpJsonUtilities.DefaultOptions);
        if (progress is not null && progress.ProgressToken.ToString() == _token)
        {
            Values.Enqueue(progress.Progress);
        }

        return ValueTask.CompletedTask;
    }
}
