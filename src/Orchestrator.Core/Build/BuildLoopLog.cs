using Microsoft.Extensions.Logging;
using Orchestrator.Core.Build.Runs;
using Orchestrator.Core.Build.Scheduling;

namespace Orchestrator.Core.Build;

/// <summary>Log messages of the build loop.</summary>
internal static partial class BuildLoopLog
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Build run {RunId} {Verb}: {ChunkCount} chunks, maxParallel {MaxParallel}, mode {Mode}")]
    public static partial void RunStarting(ILogger logger, string runId, string verb, int chunkCount, string maxParallel, SchedulingMode mode);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "Build run {RunId} ended {Status} ({StopReason}); cost ${CostUsd}, {DurationMs} ms")]
    public static partial void RunFinished(ILogger logger, string runId, BuildRunStatus status, string? stopReason, decimal costUsd, long durationMs);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Warning, Message = "Build run {RunId}: chunk {ChunkId} failed after {Attempts} attempts: {Reason}")]
    public static partial void ChunkFailed(ILogger logger, string runId, string chunkId, int attempts, string? reason);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Warning, Message = "Build run {RunId} cannot start: {Reason}")]
    public static partial void RunRejected(ILogger logger, string runId, string reason);
}
