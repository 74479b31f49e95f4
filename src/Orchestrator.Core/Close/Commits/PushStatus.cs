using System.Text.Json.Serialization;
using Orchestrator.Core.Common;

namespace Orchestrator.Core.Close.Commits;

/// <summary>Whether a push (or mirror) happened (snake_case in JSON and text: <c>would_push</c>).</summary>
[JsonConverter(typeof(SnakeCaseEnumConverter<PushStatus>))]
public enum PushStatus
{
    Skipped,
    Pushed,
    WouldPush,
    Failed,
}
