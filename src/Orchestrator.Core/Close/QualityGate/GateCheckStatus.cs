using System.Text.Json.Serialization;
using Orchestrator.Core.Common;

namespace Orchestrator.Core.Close.QualityGate;

/// <summary>One check of the quality gate (snake_case in JSON and text: <c>timed_out</c>, <c>not_run</c>).</summary>
[JsonConverter(typeof(SnakeCaseEnumConverter<GateCheckStatus>))]
public enum GateCheckStatus
{
    /// <summary>A dry run.</summary>
    NotRun,
    Passed,
    Failed,
    TimedOut,

    /// <summary>No command for this kind.</summary>
    Skipped,
}
