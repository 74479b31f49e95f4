using System.Text.Json.Serialization;

namespace Orchestrator.Core.Agents;

/// <summary>Tokens one agent job used, as far as the runner knows.</summary>
public sealed record TokenUsage(long InputTokens, long OutputTokens, long CacheReadTokens, long CacheWriteTokens)
{
    /// <summary>No tokens (or unknown).</summary>
    public static TokenUsage None { get; } = new(0, 0, 0, 0);

    /// <summary>Sum of all counters.</summary>
    [JsonIgnore]
    public long Total => InputTokens + OutputTokens + CacheReadTokens + CacheWriteTokens;
}
