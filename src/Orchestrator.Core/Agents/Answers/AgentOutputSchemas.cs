namespace Orchestrator.Core.Agents.Answers;

/// <summary>JSON Schemas of the agents' structured answers, exactly the contract's shapes.</summary>
public static class AgentOutputSchemas
{
    /// <summary><c>{ status: "done"|"blocked", summary, filesChanged?, testsPassed?, blocker?, noChangeReason? }</c>.</summary>
    public const string Executor = """
        {
          "type": "object",
          "additionalProperties": false,
          "required": ["status", "summary"],
          "properties": {
            "status": { "type": "string", "enum": ["done", "blocked"] },
            "summary": { "type": "string", "description": "Concise description of what was changed" },
            "filesChanged": { "type": "array", "items": { "type": "string" } },
            "testsPassed": { "type": "boolean", "description": "true if tests were run and passed, false if run and failed; omit if not applicable" },
            "blocker": { "type": "string", "description": "If status=blocked, describe the blocker precisely" },
            "noChangeReason": { "type": "string", "description": "If status=done but no file needed to change, say why" }
          }
        }
        """;

    /// <summary><c>{ findings: [ { chunkId, severity: "blocker"|"concern"|"nit", title, detail?, file?, line? } ] }</c>.</summary>
    public const string Reviewer = """
        {
          "type": "object",
          "additionalProperties": false,
          "required": ["findings"],
          "properties": {
            "findings": {
              "type": "array",
              "items": {
                "type": "object",
                "additionalProperties": false,
                "required": ["chunkId", "severity", "title"],
                "properties": {
                  "chunkId": { "type": "string" },
                  "severity": { "type": "string", "enum": ["blocker", "concern", "nit"] },
                  "title": { "type": "string" },
                  "detail": { "type": "string" },
                  "file": { "type": "string" },
                  "line": { "type": "integer" }
                }
              }
            }
          }
        }
        """;
}
