using System.Text.Json;

namespace Orchestrator.Core.Agents.Runners.Codex;

/// <summary>What one <c>codex exec --json</c> run says: the final answer or why the attempt failed, and its tokens.</summary>
public sealed record CodexRunVerdict(JsonElement? Answer, string? FailureReason, TokenUsage Tokens);
