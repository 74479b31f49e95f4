namespace Orchestrator.Core.Build.Runs;

/// <summary>What build_start / build_resume answer: the run, and whether a detached worker executes it (else this server).</summary>
public sealed record StartedRun(string RunId, string RunDirectory, bool Detached);
