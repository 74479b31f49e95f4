using ModelContextProtocol;

namespace Orchestrator.McpServer.Tools;

/// <summary>
/// An expected refusal (bad input, closed gate, locked session). <see cref="ExpectedFailureFilter"/> turns it into a
/// tool error result without logging it as a server error.
/// </summary>
internal sealed class ToolRefusedException(string message) : McpException(message);
