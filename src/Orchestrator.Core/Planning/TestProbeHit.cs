namespace Orchestrator.Core.Planning;

/// <summary>Evidence that a probe hit: which probe, on which tracked path, and why.</summary>
public sealed record TestProbeHit(TestProbe Probe, string Path, string Detail);
