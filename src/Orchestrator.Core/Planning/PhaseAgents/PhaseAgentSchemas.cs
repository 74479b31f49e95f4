namespace Orchestrator.Core.Planning.PhaseAgents;

/// <summary>JSON Schemas of the researcher, planner and divider answers (the phases before the build).</summary>
public static class PhaseAgentSchemas
{
    /// <summary><c>{ summary, locations[{file, line?, note}], conventions[], constraints[], correctnessCritical }</c>.</summary>
    public const string Researcher = """
        {
          "type": "object",
          "additionalProperties": false,
          "required": ["summary"],
          "properties": {
            "summary": { "type": "string", "description": "What you found for your angle, concise, with file:line references" },
            "locations": {
              "type": "array",
              "items": {
                "type": "object",
                "additionalProperties": false,
                "required": ["file", "note"],
                "properties": {
                  "file": { "type": "string" },
                  "line": { "type": "integer" },
                  "note": { "type": "string" }
                }
              }
            },
            "conventions": { "type": "array", "items": { "type": "string" } },
            "constraints": { "type": "array", "items": { "type": "string" } },
            "correctnessCritical": { "type": "boolean", "description": "true if the feature touches auth, crypto, payments, transactions, migrations or concurrency" }
          }
        }
        """;

    /// <summary><c>{ plan, gaps[], openQuestions[], suggestedChunking }</c>.</summary>
    public const string Planner = """
        {
          "type": "object",
          "additionalProperties": false,
          "required": ["plan", "gaps", "openQuestions", "suggestedChunking"],
          "properties": {
            "plan": { "type": "string", "description": "The implementation plan in Markdown, with file/line targets" },
            "gaps": { "type": "array", "items": { "type": "string" } },
            "openQuestions": { "type": "array", "items": { "type": "string" } },
            "suggestedChunking": { "type": "string" }
          }
        }
        """;

    /// <summary><c>{ waves: [[chunk]] }</c> in the source chunk shape.</summary>
    public const string Divider = """
        {
          "type": "object",
          "additionalProperties": false,
          "required": ["waves"],
          "properties": {
            "waves": {
              "type": "array",
              "items": {
                "type": "array",
                "items": {
                  "type": "object",
                  "additionalProperties": false,
                  "required": ["id", "scope", "files", "model", "tests"],
                  "properties": {
                    "id": { "type": "string" },
                    "scope": { "type": "string" },
                    "files": { "type": "array", "items": { "type": "string" } },
                    "model": { "type": "string", "enum": ["haiku", "sonnet", "opus"] },
                    "tests": { "type": "boolean" },
                    "testScope": { "type": "string" },
                    "opusReview": { "type": "boolean" },
                    "dependsOn": { "type": "array", "items": { "type": "string" } }
                  }
                }
              }
            }
          }
        }
        """;
}
