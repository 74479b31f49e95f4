namespace Orchestrator.Core.Close.Records;

/// <summary>Agent attempts, cost and tokens of one model tier in a session.</summary>
public sealed record TierUsage(int Attempts, decimal CostUsd, long InputTokens, long OutputTokens, long CacheReadTokens, long CacheWriteTokens)
{
    public long TotalTokens => InputTokens + OutputTokens + CacheReadTokens + CacheWriteTokens;
}
