
namespace Orchestrator.Core.Close.QualityGate;

/// <summary>One command of the quality gate.</summary>
/// <param name="Kind"><c>test</c>, <c>typecheck</c> or <c>lint</c>.</param>
/// <param name="Command">The shell command (null when none was configured or detected).</param>
/// <param name="Source">Where the command came from.</param>
/// <param name="Status"><c>passed</c>, <c>failed</c>, <c>timed_out</c>, <c>skipped</c> or <c>not_run</c> (dry run).</param>
/// <param name="ExitCode">The exit code, when the command exited.</param>
/// <param name="DurationMs">Wall time.</param>
/// <param name="OutputTail">The last lines of stdout+stderr (secrets masked).</param>
public sealed record GateCheck(string Kind, string? Command, string? Source, string Status, int? ExitCode, long DurationMs, string OutputTail)
{
    public bool Failed => Status is "failed" or "timed_out";
}
