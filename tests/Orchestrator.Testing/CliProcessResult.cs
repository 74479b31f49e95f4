namespace Orchestrator.Testing;

/// <summary>What a finished (or killed) CLI child process left behind.</summary>
public sealed record CliProcessResult(int ExitCode, string StandardOutput, string StandardError, bool TimedOut, TimeSpan Duration)
{
    /// <summary>A one-glance summary for assertion messages, so a failing test shows what the CLI said.</summary>
    public string Describe() =>
        $"exit={ExitCode} timedOut={TimedOut} duration={Duration.TotalSeconds:F1}s\n--- stdout ---\n{StandardOutput}\n--- stderr ---\n{StandardError}";
}
