using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Orchestrator.Testing.FakeModelApis;

/// <summary>
/// A scripted fake of the OpenAI Responses API that the real <c>codex exec</c> (0.169.0) accepts through a custom
/// model provider (<see cref="FakeAgentEnvironment.ForCodex"/>). Codex sends <c>POST /v1/responses</c> with
/// <c>"stream": true</c> per model turn; each is answered from <see cref="Script"/> as an SSE stream:
/// <c>response.created</c>, <c>response.output_item.added</c>, (<c>response.output_text.delta</c>),
/// <c>response.output_item.done</c>, <c>response.completed</c> with usage.
/// </summary>
public sealed class FakeOpenAiResponsesApi : IAsyncDisposable
{
    /// <summary>Token counts reported for every scripted turn (Codex sums them into <c>turn.completed.usage</c>).</summary>
    public const int InputTokensPerTurn = 100;

    public const int OutputTokensPerTurn = 20;

    private readonly FakeApiHost _host;
    private int _counter;

    public FakeOpenAiResponsesApi() => _host = new FakeApiHost(HandleAsync);

    /// <summary>The replies, in order (optionally per conversation marker).</summary>
    public FakeTurnScript Script { get; } = new();

    /// <summary><c>http://127.0.0.1:PORT/v1</c>, the value for <c>model_providers.&lt;id&gt;.base_url</c>.</summary>
    public Uri BaseUrl => new(_host.BaseUrl, "/v1");

    /// <summary>Every request received so far, in arrival order.</summary>
    public IReadOnlyList<FakeApiRequest> Requests => _host.Requests;

    /// <summary>The <c>POST /v1/responses</c> requests, i.e. the model turns the CLI asked for.</summary>
    public IReadOnlyList<FakeApiRequest> ResponseRequests => [.. Requests.Where(request => request.Method == "POST" && request.Path == "/v1/responses")];

    /// <summary>Requests the fake had no answer for (unknown paths, empty script queue); a passing test expects none.</summary>
    public IReadOnlyList<FakeApiRequest> UnexpectedRequests => [.. Requests.Where(request => !request.Expected)];

    public Task StartAsync(CancellationToken cancellationToken = default) => _host.StartAsync(cancellationToken);

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    private async Task HandleAsync(HttpContext context, JsonNode? body, CancellationToken cancellationToken)
    {
        var request = context.Request;
        var headers = FakeApiHost.HeadersOf(request);
        var path = request.Path.Value ?? "/";
        if (!HttpMethods.IsPost(request.Method) || path != "/v1/responses")
        {
            _host.Record(new FakeApiRequest(request.Method, path, request.QueryString.Value ?? "", headers, body, [], null, "404 unknown path", Expected: false));
            await ServerSentEvents.WriteJsonAsync(context.Response, StatusCodes.Status404NotFound, ErrorBody($"fake OpenAI API: no route for {request.Method} {path}", "not_found"), cancellationToken);
            return;
        }

        var (turn, marker) = Script.Next(ConversationText.Of(body?["input"]));
        _host.Record(new FakeApiRequest(
            request.Method, path, request.QueryString.Value ?? "", headers, body, ConversationText.ToolNamesOf(body), marker,
            turn?.GetType().Name ?? "500 unscripted", Expected: turn is not null));

        switch (turn)
        {
            case null:
                await ServerSentEvents.WriteJsonAsync(context.Response, StatusCodes.Status500InternalServerError, ErrorBody("fake OpenAI API: no scripted turn left for this request", "server_error"), cancellationToken);
                break;
            case HangTurn:
                await Task.Delay(Timeout.Infinite, cancellationToken);
                break;
            case HttpErrorTurn error:
                await ServerSentEvents.WriteJsonAsync(context.Response, error.StatusCode, ErrorBody(error.Message, error.StatusCode == 429 ? "rate_limit_exceeded" : "server_error"), cancellationToken);
                break;
            default:
                await StreamAsync(context.Response, body?["model"]?.GetValue<string>() ?? "gpt-fake", turn, cancellationToken);
                break;
        }
    }

    private async Task StreamAsync(HttpResponse response, string model, FakeTurn turn, CancellationToken cancellationToken)
    {
        var n = Interlocked.Increment(ref _counter);
        var responseId = $"resp_fake_{n:D6}";
        var item = OutputItem(turn, n);
        ServerSentEvents.Begin(response);

        var created = new JsonObject { ["id"] = responseId, ["object"] = "response", ["model"] = model, ["status"] = "in_progress", ["output"] = new JsonArray() };
        await ServerSentEvents.WriteAsync(response, "response.created", new JsonObject { ["type"] = "response.created", ["response"] = created }, cancellationToken);

        var added = item.DeepClone().AsObject();
        added["status"] = "in_progress";
        if (turn is TextTurn)
        {
            added["content"] = new JsonArray();
        }

        await ServerSentEvents.WriteAsync(response, "response.output_item.added", new JsonObject { ["type"] = "response.output_item.added", ["output_index"] = 0, ["item"] = added }, cancellationToken);
        if (turn is TextTurn text)
        {
            await ServerSentEvents.WriteAsync(response, "response.output_text.delta", new JsonObject
            {
                ["type"] = "response.output_text.delta",
                ["item_id"] = item["id"]!.GetValue<string>(),
                ["output_index"] = 0,
                ["content_index"] = 0,
                ["delta"] = text.Content,
            }, cancellationToken);
        }

        // Codex acts on output_item.done (it carries the complete item); the deltas only feed live display.
        await ServerSentEvents.WriteAsync(response, "response.output_item.done", new JsonObject { ["type"] = "response.output_item.done", ["output_index"] = 0, ["item"] = item.DeepClone() }, cancellationToken);

        var completed = new JsonObject
        {
            ["id"] = responseId,
            ["object"] = "response",
            ["model"] = model,
            ["status"] = "completed",
            ["output"] = new JsonArray(item),
            ["usage"] = new JsonObject
            {
                ["input_tokens"] = InputTokensPerTurn,
                ["input_tokens_details"] = new JsonObject { ["cached_tokens"] = 0 },
                ["output_tokens"] = OutputTokensPerTurn,
                ["output_tokens_details"] = new JsonObject { ["reasoning_tokens"] = 0 },
                ["total_tokens"] = InputTokensPerTurn + OutputTokensPerTurn,
            },
        };
        await ServerSentEvents.WriteAsync(response, "response.completed", new JsonObject { ["type"] = "response.completed", ["response"] = completed }, cancellationToken);
    }

    private static JsonObject OutputItem(FakeTurn turn, int n) => turn switch
    {
        TextTurn text => new JsonObject
        {
            ["type"] = "message",
            ["id"] = $"msg_fake_{n:D6}",
            ["status"] = "completed",
            ["role"] = "assistant",
            ["content"] = new JsonArray(new JsonObject { ["type"] = "output_text", ["text"] = text.Content, ["annotations"] = new JsonArray() }),
        },
        ToolCallTurn tool => FunctionCall(tool, n),
        ToolSearchCallTurn search => new JsonObject
        {
            ["type"] = "tool_search_call",
            ["id"] = $"tsc_fake_{n:D6}",
            ["status"] = "completed",
            ["call_id"] = $"call_fake_{n:D6}",
            ["execution"] = "client",
            ["arguments"] = new JsonObject { ["query"] = search.Query, ["limit"] = search.Limit },
        },
        CustomToolCallTurn custom => new JsonObject
        {
            ["type"] = "custom_tool_call",
            ["id"] = $"ctc_fake_{n:D6}",
            ["status"] = "completed",
            ["call_id"] = $"call_fake_{n:D6}",
            ["name"] = custom.Name,
            ["input"] = custom.Input,
        },
        _ => throw new InvalidOperationException($"{turn.GetType().Name} has no output item."),
    };

    private static JsonObject FunctionCall(ToolCallTurn tool, int n)
    {
        var item = new JsonObject
        {
            ["type"] = "function_call",
            ["id"] = $"fc_fake_{n:D6}",
            ["status"] = "completed",
            ["call_id"] = $"call_fake_{n:D6}",
            ["name"] = tool.Name,
            ["arguments"] = tool.Input.ToJsonString(),
        };
        if (tool.Namespace is { } ns)
        {
            item["namespace"] = ns;
        }

        return item;
    }

    private static JsonObject ErrorBody(string message, string type) => new()
    {
        ["error"] = new JsonObject { ["message"] = message, ["type"] = type, ["param"] = null, ["code"] = null },
    };
}
