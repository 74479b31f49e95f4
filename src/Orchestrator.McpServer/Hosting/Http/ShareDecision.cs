namespace Orchestrator.McpServer.Hosting.Http;

/// <summary>Whether a client may open another MCP session, and which of its own sessions must close first.</summary>
/// <param name="Admitted">False when the client is at its share and every one of its sessions is busy.</param>
/// <param name="Evict">The client's least recently used idle session, to close before the new one opens.</param>
/// <param name="Held">Sessions the client held when it asked.</param>
internal sealed record ShareDecision(bool Admitted, string? Evict, int Held);
