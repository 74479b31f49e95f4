using System.Text.Json.Serialization;
using Orchestrator.Core.Common;

namespace Orchestrator.Core.Close.QualityGate;

/// <summary>The quality gate as a whole (snake_case in JSON and text: <c>not_run</c>).</summary>
[JsonConverter(typeof(SnakeCaseEnumConverter<QualityGateStatus>))]
public enum QualityGateStatus
{
    /// <summary>A dry run, or no session tree.</summary>
    NotRun,
    Passed,
    Failed,

    /// <summary>No command was configured or detected, and no debug artefact was found.</summary>
    Skipped,
}
