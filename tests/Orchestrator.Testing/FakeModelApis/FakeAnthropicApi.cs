using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Orchestrator.Testing.FakeModelApis;

/// <summary>
/// A scripted fake of the Anthropic Messages API that the real <c>claude</c> CLI (2.1.197) accepts.
/// Claude sends <c>HEAD /</c> once, then <c>POST /v1/messages?beta=true</c> with <c>"stream": true</c> per model turn;
/// each turn is answered from <see cref="Script"/> as an SSE stream (or a JSON message when <c>stream</c> is false).
/// Point the CLI here with <see cref="FakeAgentEnvironment.ForClaude"/>.
/// </summary>
public sealed class FakeAnthropicApi : IAsyncDisposable
{
    /// <summary>Token counts reported for every scripted turn; Claude prices them, so <c>total_cost_usd</c> is above 0.</summary>
    public const int InputTokensPerTurn = 100;

    public const int OutputTokensPerTurn = 20;

    private readonly FakeApiHost _host;
    private int _messageCounter;

    public FakeAnthropicApi() => _host = new FakeApiHost(HandleAsync);

    /// <summary>How long each model turn takes before its answer starts (a slow model); zero by default.</summary>
    public TimeSpan TurnDelay { get; set; }

    /// <summary>The replies, in order (optionally per conversation marker).</summary>
    public FakeTurnScript Script { get; } = new();

    /// <summary><c>http://127.0.0.1:PORT</c>, the value for <c>ANTHROPIC_BASE_URL</c> (no <c>/v1</c>: Claude adds it).</summary>
    public Uri BaseUrl => _host.BaseUrl;

    /// <summary>Every request received so far, in arrival order.</summary>
    public IReadOnlyList<FakeApiRequest> Requests => _host.Requests;

    /// <summary>The <c>POST /v1/messages</c> requests, i.e. the model turns the CLI asked for.</summary>
    public IReadOnlyList<FakeApiRequest> MessageRequests => [.. Requests.Where(request => request.Method == "POST" && request.Path == "/v1/messages")];

    /// <summary>Requests the fake had no answer for (unknown paths, empty script queue); a passing test expects none.</summary>
    public IReadOnlyList<FakeApiRequest> UnexpectedRequests => [.. Requests.Where(request => !request.Expected)];

    public Task StartAsync(CancellationToken cancellationToken = default) => _host.StartAsync(cancellationToken);

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    private async Task HandleAsync(HttpContext context, JsonNode? body, CancellationToken cancellationToken)
    {
        var request = context.Request;
        var headers = FakeApiHost.HeadersOf(request);
        var path = request.Path.Value ?? "/";

        if (HttpMethods.IsHead(request.Method))
        {
            // Claude probes the base URL with HEAD / before its first model call.
            _host.Record(new FakeApiRequest(request.Method, path, request.QueryString.Value ?? "", headers, body, [], null, "200 empty", Expected: path == "/"));
            context.Response.StatusCode = StatusCodes.Status200OK;
            return;
        }

        if (HttpMethods.IsPost(request.Method) && path == "/v1/messages/count_tokens")
        {
            _host.Record(new FakeApiRequest(request.Method, path, request.QueryString.Value ?? "", headers, body, ConversationText.ToolNamesOf(body), null, "token count", Expected: true));
            await ServerSentEvents.WriteJsonAsync(context.Response, StatusCodes.Status200OK, new JsonObject { ["input_tokens"] = InputTokensPerTurn }, cancellationToken);
            return;
        }

        if (!HttpMethods.IsPost(request.Method) || path != "/v1/messages")
        {
            _host.Record(new FakeApiRequest(request.Method, path, request.QueryString.Value ?? "", headers, body, [], null, "404 unknown path", Expected: false));
            await ServerSentEvents.WriteJsonAsync(context.Response, StatusCodes.Status404NotFound, ErrorBody(404, $"fake Anthropic API: no route for {request.Method} {path}"), cancellationToken);
            return;
        }

        var (scripted, marker) = Script.Next(ConversationText.Of(body?["messages"]));
        var turn = scripted is null ? null : WorkingDirectoryPlaceholder.Resolve(scripted, body);
        _host.Record(new FakeApiRequest(
            request.Method, path, request.QueryString.Value ?? "", headers, body, ConversationText.ToolNamesOf(body), marker,
            turn?.GetType().Name ?? "500 unscripted", Expected: turn is not null));

        var model = body?["model"]?.GetValue<string>() ?? "claude-fake";
        var stream = body?["stream"]?.GetValue<bool>() ?? false;
        if (TurnDelay > TimeSpan.Zero)
        {
            await Task.Delay(TurnDelay, cancellationToken);
        }

        switch (turn)
        {
            case null:
                await ServerSentEvents.WriteJsonAsync(context.Response, StatusCodes.Status500InternalServerError, ErrorBody(500, "fake Anthropic API: no scripted turn left for this request"), cancellationToken);
                break;
            case HangTurn:
                await Task.Delay(Timeout.Infinite, cancellationToken);
                break;
            case HttpErrorTurn error:
                context.Response.Headers["request-id"] = "req_fake_error";
                await ServerSentEvents.WriteJsonAsync(context.Response, error.StatusCode, ErrorBody(error.StatusCode, error.Message), cancellationToken);
                break;
            case CustomToolCallTurn custom:
                throw new InvalidOperationException($"The Anthropic API has no freeform tools; script '{custom.Name}' as a ToolCall.");
            default:
                var messageId = $"msg_fake_{Interlocked.Increment(ref _messageCounter):D6}";
                var block = ContentBlock(turn);
                var stopReason = turn is ToolCallTurn ? "tool_use" : "end_turn";
                if (stream)
                {
                    await StreamAsync(context.Response, messageId, model, turn, stopReason, cancellationToken);
                }
                else
                {
                    var message = Message(messageId, model, stopReason);
                    message["content"] = new JsonArray(block);
                    message["usage"] = Usage(OutputTokensPerTurn);
                    await ServerSentEvents.WriteJsonAsync(context.Response, StatusCodes.Status200OK, message, cancellationToken);
                }

                break;
        }
    }

    private static async Task StreamAsync(HttpResponse response, string messageId, string model, FakeTurn turn, string stopReason, CancellationToken cancellationToken)
    {
        ServerSentEvents.Begin(response);
        response.Headers["request-id"] = "req_" + messageId;
        var start = Message(messageId, model, stopReason: null);
        start["content"] = new JsonArray();
        start["usage"] = Usage(outputTokens: 1);
        await ServerSentEvents.WriteAsync(response, "message_start", new JsonObject { ["type"] = "message_start", ["message"] = start }, cancellationToken);

        JsonObject startBlock;
        List<JsonObject> deltas = [];
        switch (turn)
        {
            case TextTurn text:
                startBlock = new JsonObject { ["type"] = "text", ["text"] = "" };
                deltas.Add(new JsonObject { ["type"] = "text_delta", ["text"] = text.Content });
                break;
            case ToolCallTurn tool:
                startBlock = new JsonObject { ["type"] = "tool_use", ["id"] = ToolUseId(), ["name"] = tool.Name, ["input"] = new JsonObject() };
                // Two fragments, as the real API splits arguments; the client must concatenate before parsing.
                var json = tool.Input.ToJsonString();
                var half = json.Length / 2;
                deltas.Add(new JsonObject { ["type"] = "input_json_delta", ["partial_json"] = json[..half] });
                deltas.Add(new JsonObject { ["type"] = "input_json_delta", ["partial_json"] = json[half..] });
                break;
            default:
                throw new InvalidOperationException($"Cannot stream {turn.GetType().Name}.");
        }

        await ServerSentEvents.WriteAsync(response, "content_block_start", new JsonObject { ["type"] = "content_block_start", ["index"] = 0, ["content_block"] = startBlock }, cancellationToken);
        foreach (var delta in deltas)
        {
            await ServerSentEvents.WriteAsync(response, "content_block_delta", new JsonObject { ["type"] = "content_block_delta", ["index"] = 0, ["delta"] = delta }, cancellationToken);
        }

        await ServerSentEvents.WriteAsync(response, "content_block_stop", new JsonObject { ["type"] = "content_block_stop", ["index"] = 0 }, cancellationToken);
        await ServerSentEvents.WriteAsync(response, "message_delta", new JsonObject
        {
            ["type"] = "message_delta",
            ["delta"] = new JsonObject { ["stop_reason"] = stopReason, ["stop_sequence"] = null },
            ["usage"] = new JsonObject { ["output_tokens"] = OutputTokensPerTurn },
        }, cancellationToken);
        await ServerSentEvents.WriteAsync(response, "message_stop", new JsonObject { ["type"] = "message_stop" }, cancellationToken);
    }

    private static JsonObject ContentBlock(FakeTurn turn) => turn switch
    {
        TextTurn text => new JsonObject { ["type"] = "text", ["text"] = text.Content },
        ToolCallTurn tool => new JsonObject { ["type"] = "tool_use", ["id"] = ToolUseId(), ["name"] = tool.Name, ["input"] = tool.Input.DeepClone() },
        _ => throw new InvalidOperationException($"{turn.GetType().Name} has no content block."),
    };

    private static JsonObject Message(string id, string model, string? stopReason) => new()
    {
        ["id"] = id,
        ["type"] = "message",
        ["role"] = "assistant",
        ["model"] = model,
        ["stop_reason"] = stopReason,
        ["stop_sequence"] = null,
    };

    private static JsonObject Usage(int outputTokens) => new()
    {
        ["input_tokens"] = InputTokensPerTurn,
        ["output_tokens"] = outputTokens,
        ["cache_creation_input_tokens"] = 0,
        ["cache_read_input_tokens"] = 0,
    };

    private static string ToolUseId() => "toolu_fake_" + Guid.NewGuid().ToString("N")[..20];

    private static JsonObject ErrorBody(int statusCode, string message) => new()
    {
        ["type"] = "error",
        ["error"] = new JsonObject
        {
            ["type"] = statusCode switch
            {
                400 => "invalid_request_error",
                401 => "authentication_error",
                403 => "permission_error",
                404 => "not_found_error",
                429 => "rate_limit_error",
                529 => "overloaded_error",
                _ => "api_error",
            },
            ["message"] = message,
        },
    };
}
