using System.Text.Json.Serialization;
using Orchestrator.Core.Common;

namespace Orchestrator.Core.Close.Verification;

/// <summary>Plan verification outcomes of a chunk (snake_case in JSON and text: <c>not_started</c>).</summary>
[JsonConverter(typeof(SnakeCaseEnumConverter<ChunkVerdictStatus>))]
public enum ChunkVerdictStatus
{
    Done,
    Partial,
    Failed,
    NotStarted,
}
