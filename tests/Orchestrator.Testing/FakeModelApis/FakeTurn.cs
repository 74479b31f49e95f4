using System.Text.Json;
using System.Text.Json.Nodes;

namespace Orchestrator.Testing.FakeModelApis;

/// <summary>
/// One scripted model reply. A fake API answers each model request with the next turn of the conversation's queue.
/// The factories name the tools the real CLIs offer, so tests read like the agent's transcript.
/// </summary>
public abstract record FakeTurn
{
    private static readonly JsonSerializerOptions CamelCase = new(JsonSerializerDefaults.Web);

    /// <summary>The model answers with plain text and ends its turn.</summary>
    public static FakeTurn Text(string text) => new TextTurn(text);

    /// <summary>The model answers with a JSON document as its final text (Codex <c>--output-schema</c> runs).</summary>
    public static FakeTurn Json(object value) => new TextTurn(ToJsonObject(value).ToJsonString());

    /// <summary>The model calls a JSON-argument tool (Anthropic <c>tool_use</c>, OpenAI <c>function_call</c>).</summary>
    public static FakeTurn ToolCall(string name, object input) => new ToolCallTurn(name, ToJsonObject(input));

    /// <summary>Claude Code's <c>Write</c> tool; <paramref name="absolutePath"/> must be absolute or Claude rejects it.</summary>
    public static FakeTurn ClaudeWrite(string absolutePath, string content) =>
        new ToolCallTurn("Write", new JsonObject { ["file_path"] = absolutePath, ["content"] = content });

    /// <summary>
    /// Claude Code's <c>Write</c> of <paramref name="relativePath"/> inside the agent's working directory, resolved when
    /// the turn is served (see <see cref="WorkingDirectoryPlaceholder"/>): for agents in per-attempt worktrees.
    /// </summary>
    public static FakeTurn ClaudeWriteInWorkingDirectory(string relativePath, string content) =>
        ClaudeWrite($"{WorkingDirectoryPlaceholder.Token}/{relativePath}", content);

    /// <summary>Claude Code's <c>Bash</c> tool.</summary>
    public static FakeTurn ClaudeBash(string command) =>
        new ToolCallTurn("Bash", new JsonObject { ["command"] = command, ["description"] = "scripted command" });

    /// <summary>
    /// Claude Code's <c>StructuredOutput</c> tool, which <c>claude -p --json-schema</c> adds to the tools list.
    /// Claude ends the run as soon as this call validates, without sending the tool result back.
    /// </summary>
    public static FakeTurn ClaudeStructuredOutput(object value) => new ToolCallTurn("StructuredOutput", ToJsonObject(value));

    /// <summary>Codex's freeform <c>apply_patch</c> tool (a <c>custom_tool_call</c> whose input is the raw patch).</summary>
    public static FakeTurn CodexApplyPatch(string patch) => new CustomToolCallTurn("apply_patch", patch);

    /// <summary>Codex <c>apply_patch</c> adding one file; paths are relative to the working directory.</summary>
    public static FakeTurn CodexAddFile(string relativePath, string content)
    {
        var lines = content.Replace("\r\n", "\n").TrimEnd('\n').Split('\n').Select(line => "+" + line);
        return CodexApplyPatch($"*** Begin Patch\n*** Add File: {relativePath}\n{string.Join("\n", lines)}\n*** End Patch\n");
    }

    /// <summary>Codex's shell tool <c>exec_command</c> (a <c>function_call</c> with <c>{"cmd": ...}</c>).</summary>
    public static FakeTurn CodexExecCommand(string command) =>
        new ToolCallTurn("exec_command", new JsonObject { ["cmd"] = command });

    /// <summary>
    /// Codex's <c>tool_search</c> (client-executed): the step that makes deferred MCP tools callable. Codex answers
    /// with the matching tools grouped under <c>mcp__&lt;server&gt;</c> namespaces.
    /// </summary>
    public static FakeTurn CodexToolSearch(string query, int limit = 8) => new ToolSearchCallTurn(query, limit);

    /// <summary>
    /// A call of MCP tool <paramref name="tool"/> of the server Codex knows as <paramref name="server"/>
    /// (<c>mcp_servers.&lt;server&gt;</c>), as the model makes it after <see cref="CodexToolSearch"/> found it: a
    /// <c>function_call</c> in namespace <c>mcp__&lt;server&gt;</c>.
    /// </summary>
    public static FakeTurn CodexMcpToolCall(string server, string tool, object input) => new ToolCallTurn(tool, ToJsonObject(input), $"mcp__{server}");

    /// <summary>The API accepts the request and never answers until the fake is disposed.</summary>
    public static FakeTurn Hang() => new HangTurn();

    /// <summary>The API answers with an HTTP error and the provider's JSON error body.</summary>
    public static FakeTurn HttpError(int statusCode, string message = "scripted error") => new HttpErrorTurn(statusCode, message);

    private static JsonObject ToJsonObject(object value) => value switch
    {
        JsonObject node => node,
        string json => JsonNode.Parse(json)?.AsObject() ?? throw new ArgumentException("JSON text must be an object.", nameof(value)),
        _ => JsonSerializer.SerializeToNode(value, CamelCase)?.AsObject() ?? throw new ArgumentException("Value must serialize to a JSON object.", nameof(value)),
    };
}
