namespace Orchestrator.Core.Processes;

/// <summary>The outcome of one child process. Never thrown: a failure to start is a value too.</summary>
public sealed record ProcessResult(
    ProcessExitKind Kind,
    int? ExitCode,
    string StandardOutput,
    string StandardError,
    TimeSpan Duration,
    string? FailureMessage = null)
{
    public bool Succeeded => Kind == ProcessExitKind.Exited && ExitCode == 0;
}
