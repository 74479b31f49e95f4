using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Orchestrator.McpServer.Tools;

/// <summary>
/// Progress notifications that reach the client before the tool's answer. The SDK's own <c>IProgress</c> sends each
/// notification fire-and-forget, so the last ones can overtake the response, and clients stop listening for a
/// progress token once the response arrives (the final "2/2" was lost under load). This one sends in order and the
/// tool awaits the sends (<see cref="DisposeAsync"/>) before it answers. Without a progress token it sends nothing.
/// </summary>
internal sealed class OrderedProgress(McpServerInstance server, ProgressToken? token) : IProgress<ProgressNotificationValue>, IAsyncDisposable
{
    /// <summary>A dead transport must not hold the answer back for long.</summary>
    private static readonly TimeSpan FlushLimit = TimeSpan.FromSeconds(5);

    private readonly Lock _gate = new();
    private Task _tail = Task.CompletedTask;

    /// <summary>Creates the progress of one tools/call request.</summary>
    public static OrderedProgress For(McpServerInstance server, RequestContext<CallToolRequestParams> request) =>
        new(server, request?.Params?.ProgressToken);

    public void Report(ProgressNotificationValue value)
    {
        if (token is not { } progressToken)
        {
            return;
        }

        lock (_gate)
        {
            _tail = SendAfterAsync(_tail, progressToken, value);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Task tail;
        lock (_gate)
        {
            tail = _tail;
        }

        await Task.WhenAny(tail, Task.Delay(FlushLimit)).ConfigureAwait(false);
    }

    private async Task SendAfterAsync(Task previous, ProgressToken progressToken, ProgressNotificationValue value)
    {
        await previous.ConfigureAwait(false);
        try
        {
            await server.NotifyProgressAsync(progressToken, value).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
        {
            // Progress is best effort: a client that went away must not fail the tool.
        }
    }
}
