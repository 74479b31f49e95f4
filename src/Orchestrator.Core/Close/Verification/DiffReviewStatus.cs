using System.Text.Json.Serialization;
using Orchestrator.Core.Common;

namespace Orchestrator.Core.Close.Verification;

/// <summary>The diff review before the gate (snake_case in JSON and text).</summary>
[JsonConverter(typeof(SnakeCaseEnumConverter<DiffReviewStatus>))]
public enum DiffReviewStatus
{
    Skipped,
    Completed,
    Failed,
}
