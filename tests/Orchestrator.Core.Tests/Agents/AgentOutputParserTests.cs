using System.Text.Json;
using Orchestrator.Core.Agents.Answers;

namespace Orchestrator.Core.Tests.Agents;

public sealed class AgentOutputParserTests
{
    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();

    [Fact]
    public void A_valid_executor_answer_is_parsed()
    {
        var result = AgentOutputParser.ParseExecutor(Json("""{"status":"done","summary":"added parser","filesChanged":["a.cs"],"testsPassed":true}"""));

        Assert.True(result.IsValid);
        Assert.Equal(new ExecutorOutput("done", "added parser", result.Value!.FilesChanged, true, null), result.Value);
        Assert.Equal(["a.cs"], result.Value.FilesChanged!);
        Assert.True(result.Value.IsDone);
    }

    [Theory]
    [InlineData("""{"summary":"x"}""", "missing required field \"status\"")]
    [InlineData("""{"status":"done"}""", "missing required field \"summary\"")]
    [InlineData("""{"status":"complete","summary":"x"}""", "\"status\" must be \"done\" or \"blocked\", got \"complete\"")]
    [InlineData("""{"status":"done","summary":"x","testsPassed":"yes"}""", "\"testsPassed\" must be a boolean, got a string")]
    [InlineData("""{"status":"done","summary":"x","filesChanged":[1]}""", "\"filesChanged\" must contain only strings")]
    [InlineData("""{"status":"blocked","summary":"x","blocker":{}}""", "\"blocker\" must be a string, got an object")]
    [InlineData("""[1,2]""", "expected a JSON object, got an array")]
    public void Invalid_executor_answers_name_the_problem(string json, string expected)
    {
        var result = AgentOutputParser.ParseExecutor(Json(json));

        Assert.False(result.IsValid);
        Assert.StartsWith("invalid executor output: ", result.Error);
        Assert.Contains(expected, result.Error);
    }

    [Fact]
    public void No_output_is_no_result()
    {
        Assert.Equal("invalid executor output: agent returned no result", AgentOutputParser.ParseExecutor(null).Error);
    }

    [Fact]
    public void A_json_string_in_a_code_fence_is_accepted()
    {
        var text = JsonSerializer.SerializeToElement("```json\n{\"findings\":[{\"chunkId\":\"c1\",\"severity\":\"nit\",\"title\":\"t\",\"line\":4}]}\n```");

        var result = AgentOutputParser.ParseReviewer(text);

        Assert.True(result.IsValid, result.Error);
        Assert.Equal(new ReviewFinding("c1", FindingSeverity.Nit, "t", null, null, 4), Assert.Single(result.Value!.Findings));
    }

    [Theory]
    [InlineData("""{}""", "missing required field \"findings\"")]
    [InlineData("""{"findings":{}}""", "\"findings\" must be an array, got an object")]
    [InlineData("""{"findings":[{"chunkId":"c1","severity":"major","title":"t"}]}""", "findings[0]: \"severity\" must be \"blocker\", \"concern\" or \"nit\", got \"major\"")]
    [InlineData("""{"findings":[{"chunkId":"c1","severity":"nit"}]}""", "findings[0]: missing required field \"title\"")]
    [InlineData("""{"findings":[{"chunkId":"c1","severity":"nit","title":"t","line":1.5}]}""", "findings[0]: \"line\" must be an integer, got a number")]
    public void Invalid_reviewer_answers_name_the_problem(string json, string expected)
    {
        var result = AgentOutputParser.ParseReviewer(Json(json));

        Assert.False(result.IsValid);
        Assert.Contains(expected, result.Error);
    }

    [Fact]
    public void The_schemas_are_the_contract_shapes()
    {
        using var executor = JsonDocument.Parse(AgentOutputSchemas.Executor);
        using var reviewer = JsonDocument.Parse(AgentOutputSchemas.Reviewer);

        Assert.Equal(["status", "summary"], executor.RootElement.GetProperty("required").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["done", "blocked"], executor.RootElement.GetProperty("properties").GetProperty("status").GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
        var item = reviewer.RootElement.GetProperty("properties").GetProperty("findings").GetProperty("items");
        Assert.Equal(["chunkId", "severity", "title"], item.GetProperty("required").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["blocker", "concern", "nit"], item.GetProperty("properties").GetProperty("severity").GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("integer", item.GetProperty("properties").GetProperty("line").GetProperty("type").GetString());
    }
}
