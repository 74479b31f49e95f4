using System.Text.Json;
using Orchestrator.Core.Agents.Answers;

namespace Orchestrator.Core.Planning.PhaseAgents;

/// <summary>
/// Reads researcher, planner and divider answers. Like <see cref="AgentOutputParser"/>, a bad answer is an error
/// value naming what is wrong, never an exception.
/// </summary>
public static class PhaseAgentOutputParser
{
    public static AgentOutputParseResult<ResearcherOutput> ParseResearcher(JsonElement? output) =>
        Parse<ResearcherOutput>(output, "researcher", r => string.IsNullOrWhiteSpace(r.Summary) ? "missing required field \"summary\"" : null);

    public static AgentOutputParseResult<PlannerOutput> ParsePlanner(JsonElement? output) =>
        Parse<PlannerOutput>(output, "planner", p => string.IsNullOrWhiteSpace(p.Plan) ? "missing required field \"plan\"" : null);

    public static AgentOutputParseResult<DividerOutput> ParseDivider(JsonElement? output) =>
        Parse<DividerOutput>(output, "divider", d => d.Waves is null || d.Waves.Count == 0 ? "missing required field \"waves\"" : null);

    private static AgentOutputParseResult<T> Parse<T>(JsonElement? output, string role, Func<T, string?> check)
        where T : class
    {
        if (output is not { } element || element.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            return new(null, $"invalid {role} output: {AgentOutputParser.NoResult}");
        }

        try
        {
            if (element.ValueKind == JsonValueKind.String)
            {
                // Some runners hand back the final text; accept it when it is the JSON object (maybe fenced).
                var text = element.GetString()!.Trim();
                if (text.StartsWith("```", StringComparison.Ordinal))
                {
                    var first = text.IndexOf('\n');
                    var last = text.LastIndexOf("```", StringComparison.Ordinal);
                    text = first > 0 && last > first ? text[(first + 1)..last] : text;
                }

                using var document = JsonDocument.Parse(text);
                element = document.RootElement.Clone();
            }

            if (element.ValueKind != JsonValueKind.Object)
            {
                return new(null, $"invalid {role} output: expected a JSON object, got {element.ValueKind}");
            }

            var value = element.Deserialize(ChunkPlanJson.TypeInfo<T>(ChunkPlanJson.Options));
            var problem = value is null ? "null" : check(value);
            return problem is null ? new(value, null) : new(null, $"invalid {role} output: {problem}");
        }
        catch (JsonException ex)
        {
            return new(null, $"invalid {role} output: {ex.Message}");
        }
    }
}
