using Microsoft.Extensions.Logging;

namespace Orchestrator.Core.Build.Runs;

/// <summary>The launcher's log lines (source-generated), apart from its start and resume logic.</summary>
public sealed partial class BuildRunLauncher
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} of session {SessionId} starting with runner {Runner} in {Executor}")]
    private partial void LogRunStarted(string runId, string sessionId, string runner, string executor);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} of session {SessionId} resuming in {Executor}")]
    private partial void LogRunResumed(string runId, string sessionId, string executor);
}
