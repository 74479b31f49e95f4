using System.Text.Json.Serialization;
using Orchestrator.Core.Common;

namespace Orchestrator.Core.Build.Verification;

/// <summary>
/// A chunk's verdict (snake_case in JSON and text: <c>not_started</c>), decided by <see cref="ChunkVerdictRule"/> only,
/// so build_status, build_result, the dashboard, close and the metrics never disagree.
/// </summary>
[JsonConverter(typeof(SnakeCaseEnumConverter<ChunkVerdictStatus>))]
public enum ChunkVerdictStatus
{
    /// <summary>Executed, its change applied, tests not failing and no review blocker left.</summary>
    Done,

    /// <summary>Executed, but server-run tests failed or review blockers remain (or the run stopped with files changed).</summary>
    Partial,

    /// <summary>Every attempt failed.</summary>
    Failed,

    /// <summary>Never ran: skipped (a dependency failed, the budget) or the run ended first.</summary>
    NotStarted,
}
