using System.Text.Json.Nodes;

namespace Orchestrator.McpServer.Tests.Fuzz;

/// <summary>One generated call: which tool, which argument was made bad and how, and the arguments sent.</summary>
internal sealed record FuzzInput(string Tool, string Argument, string Kind, JsonNode? Arguments);
