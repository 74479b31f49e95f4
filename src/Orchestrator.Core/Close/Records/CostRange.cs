namespace Orchestrator.Core.Close.Records;

/// <summary>An estimated cost range (USD), summed over a session's runs.</summary>
public sealed record CostRange(decimal Low, decimal Expected, decimal High);
