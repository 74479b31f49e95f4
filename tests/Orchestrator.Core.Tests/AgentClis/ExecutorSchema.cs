namespace Orchestrator.Core.Tests.AgentClis;

/// <summary>The structured result an executor agent must return (the orchestrator's executor contract).</summary>
internal static class ExecutorSchema
{
    public const string Json =
        """{"type":"object","properties":{"status":{"type":"string","enum":["done","blocked"]},"summary":{"type":"string"},"filesChanged":{"type":"array","items":{"type":"string"}},"testsPassed":{"type":"boolean"},"blocker":{"type":"string"}},"required":["status","summary"],"additionalProperties":false}""";
}
