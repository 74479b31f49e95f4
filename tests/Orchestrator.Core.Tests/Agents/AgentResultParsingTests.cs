using System.Text.Json;
using Orchestrator.Core.Agents;
using Orchestrator.Core.Agents.Answers;
using Orchestrator.Core.Agents.Runners.Claude;
using Orchestrator.Core.Agents.Runners.Codex;
using Orchestrator.Core.Agents.Runners.Command;

namespace Orchestrator.Core.Tests.Agents;

/// <summary>The runners' readers of real CLI output (shapes from the measured fixtures in shared/reference/fixtures).</summary>
public sealed class AgentResultParsingTests
{
    [Fact]
    public void Claude_success_with_structured_output_completes_with_cost_and_tokens()
    {
        const string stdout = """{"type":"result","subtype":"success","is_error":false,"result":"{\"status\":\"done\"}","total_cost_usd":0.011298,"usage":{"input_tokens":3521,"cache_creation_input_tokens":7,"cache_read_input_tokens":5,"output_tokens":49},"permission_denials":[],"structured_output":{"status":"done","summary":"wrote it"}}""";

        var verdict = ClaudeResultParser.Parse(stdout, 0, "");

        Assert.Null(verdict.FailureReason);
        Assert.Equal("wrote it", verdict.StructuredOutput!.Value.GetProperty("summary").GetString());
        Assert.Equal(0.011298m, verdict.CostUsd);
        Assert.Equal(new TokenUsage(3521, 49, 5, 7), verdict.Tokens);
    }

    [Fact]
    public void Claude_permission_denials_fail_the_attempt_even_on_success_and_exit_zero()
    {
        const string stdout = """{"type":"result","subtype":"success","is_error":false,"result":"done","total_cost_usd":0.0113,"usage":{"input_tokens":3529,"output_tokens":49},"permission_denials":[{"tool_name":"Write","tool_use_id":"toolu_1","tool_input":{"file_path":"/repo/hello.txt","content":"x"}}],"structured_output":{"status":"done","summary":"x"}}""";

        var verdict = ClaudeResultParser.Parse(stdout, 0, "");

        Assert.Equal("permission denied: Write /repo/hello.txt", verdict.FailureReason);
        Assert.Null(verdict.StructuredOutput);
        Assert.Equal(0.0113m, verdict.CostUsd);
    }

    [Fact]
    public void Claude_api_error_on_exit_one_is_parsed_and_fails_with_its_text()
    {
        const string stdout = """{"type":"result","subtype":"success","is_error":true,"api_error_status":500,"result":"API Error: 500 scripted overload","total_cost_usd":0,"usage":{"input_tokens":0,"output_tokens":0},"permission_denials":[]}""";

        var verdict = ClaudeResultParser.Parse("some warning line\n" + stdout + "\n", 1, "");

        Assert.Equal("claude reported an error: API Error: 500 scripted overload", verdict.FailureReason);
    }

    [Fact]
    public void Claude_max_turns_and_missing_structured_output_and_no_result_are_failures_with_reasons()
    {
        const string maxTurns = """{"type":"result","subtype":"error_max_turns","is_error":true,"total_cost_usd":0.0116,"usage":{"input_tokens":3516,"output_tokens":70},"permission_denials":[],"errors":["Reached maximum number of turns (2)"]}""";
        const string textOnly = """{"type":"result","subtype":"success","is_error":false,"result":"still just text","total_cost_usd":0.01,"usage":{"input_tokens":1,"output_tokens":1},"permission_denials":[]}""";

        Assert.Equal("claude reported an error: Reached maximum number of turns (2) (error_max_turns)", ClaudeResultParser.Parse(maxTurns, 1, "").FailureReason);
        Assert.Equal("claude returned no structured output (the model never called StructuredOutput); its last text: still just text", ClaudeResultParser.Parse(textOnly, 0, "").FailureReason);
        Assert.Equal("claude printed no result object (exit code 127): not found", ClaudeResultParser.Parse("", 127, "not found").FailureReason);
    }

    [Fact]
    public void Codex_events_give_the_last_message_and_summed_usage()
    {
        const string jsonl = """
            {"type":"thread.started","thread_id":"t1"}
            {"type":"turn.started"}
            {"type":"item.completed","item":{"id":"item_0","type":"file_change","changes":[{"path":"/repo/patched.txt","kind":"add"}],"status":"completed"}}
            {"type":"item.completed","item":{"id":"item_1","type":"agent_message","text":"thinking out loud"}}
            {"type":"item.completed","item":{"id":"item_2","type":"agent_message","text":"{\"status\":\"done\",\"summary\":\"patched\"}"}}
            {"type":"turn.completed","usage":{"input_tokens":14260,"cached_input_tokens":100,"cache_write_input_tokens":3,"output_tokens":20,"reasoning_output_tokens":5}}
            """;

        var verdict = CodexEventParser.Parse(jsonl, 0, "");

        Assert.Null(verdict.FailureReason);
        Assert.Equal("patched", verdict.Answer!.Value.GetProperty("summary").GetString());
        Assert.Equal(new TokenUsage(14260, 25, 100, 3), verdict.Tokens);
    }

    [Fact]
    public void Codex_turn_failed_and_missing_turn_are_failures()
    {
        const string failed = """
            {"type":"thread.started","thread_id":"t1"}
            {"type":"turn.started"}
            {"type":"error","message":"high demand"}
            {"type":"turn.failed","error":{"message":"high demand"}}
            """;

        Assert.Equal("codex turn failed: high demand", CodexEventParser.Parse(failed, 1, "").FailureReason);
        Assert.Equal("codex ended without completing its turn (exit code 1): boom", CodexEventParser.Parse("", 1, "boom").FailureReason);
    }

    [Fact]
    public void Codex_non_json_final_message_is_handed_on_as_text_for_the_engine_to_reject()
    {
        const string jsonl = """
            {"type":"item.completed","item":{"id":"i","type":"agent_message","text":"this is not json"}}
            {"type":"turn.completed","usage":{"input_tokens":1,"output_tokens":1}}
            """;

        var verdict = CodexEventParser.Parse(jsonl, 0, "");

        Assert.Equal(JsonValueKind.String, verdict.Answer!.Value.ValueKind);
        Assert.StartsWith("invalid executor output: not JSON", AgentOutputParser.ParseExecutor(verdict.Answer).Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"status":"done","summary":"plain"}""", "plain")]
    [InlineData("""{"type":"result","result":"{\"status\":\"done\",\"summary\":\"cursor\"}"}""", "cursor")]
    [InlineData("""{"response":"```json\n{\"status\":\"done\",\"summary\":\"gemini\"}\n```","stats":{}}""", "gemini")]
    [InlineData("log line\n{\"status\":\"done\",\"summary\":\"last line\"}", "last line")]
    public void Command_output_reader_finds_the_answer_in_common_wrappers(string stdout, string summary)
    {
        var answer = CommandOutputReader.Read(stdout);

        var parsed = AgentOutputParser.ParseExecutor(answer);
        Assert.True(parsed.IsValid, parsed.Error);
        Assert.Equal(summary, parsed.Value!.Summary);
    }

    [Fact]
    public void Command_template_replaces_placeholders_inside_arguments_without_splitting_them()
    {
        var expanded = CommandTemplate.Expand(["-p", "@{prompt_file}", "--model", "{model}", "--cwd={cwd}", "{schema_file}"], "/logs/c1-1.prompt.md", "gpt 5", "/work tree", "/logs/s.json");

        Assert.Equal(["-p", "@/logs/c1-1.prompt.md", "--model", "gpt 5", "--cwd=/work tree", "/logs/s.json"], expanded);
    }

    [Fact]
    public void OpenAi_strict_schema_requires_every_property_and_makes_optional_ones_nullable()
    {
        using var strict = JsonDocument.Parse(OpenAiStrictSchema.From(AgentOutputSchemas.Executor));
        var root = strict.RootElement;

        Assert.Equal(["status", "summary", "filesChanged", "testsPassed", "blocker", "noChangeReason"], root.GetProperty("required").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("string", root.GetProperty("properties").GetProperty("status").GetProperty("type").GetString());
        Assert.Equal(["boolean", "null"], root.GetProperty("properties").GetProperty("testsPassed").GetProperty("type").EnumerateArray().Select(e => e.GetString()));
        using var reviewer = JsonDocument.Parse(OpenAiStrictSchema.From(AgentOutputSchemas.Reviewer));
        var item = reviewer.RootElement.GetProperty("properties").GetProperty("findings").GetProperty("items");
        Assert.Equal(6, item.GetProperty("required").GetArrayLength());
        Assert.False(item.GetProperty("additionalProperties").GetBoolean());
    }
}
