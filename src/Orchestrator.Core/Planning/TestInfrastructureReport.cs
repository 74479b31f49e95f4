namespace Orchestrator.Core.Planning;

/// <summary>The result of test-infrastructure detection: any hit means tests are required.</summary>
public sealed record TestInfrastructureReport(bool TestsRequired, IReadOnlyList<TestProbeHit> Evidence);
