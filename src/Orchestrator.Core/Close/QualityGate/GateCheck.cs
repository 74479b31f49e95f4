
namespace Orchestrator.Core.Close.QualityGate;

/// <summary>One command of the quality gate.</summary>
/// <param name="Kind"><c>test</c>, <c>typecheck</c> or <c>lint</c>.</param>
/// <param name="Command">The shell command (null when none was configured or detected).</param>
/// <param name="Source">Where the command came from.</param>
/// <param name="Status">Passed, failed, timed out, skipped or not run (dry run).</param>
/// <param name="ExitCode">The exit code, when the command exited.</param>
/// <param name="DurationMs">Wall time.</param>
/// <param name="OutputTail">The last lines of stdout+stderr (secrets masked).</param>
public sealed record GateCheck(string Kind, string? Command, string? Source, GateCheckStatus Status, int? ExitCode, long DurationMs, string OutputTail)
{
    public bool Failed => Status is GateCheckStatus.Failed or GateCheckStatus.TimedOut;
}
