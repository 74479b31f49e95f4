using System.Text.Json.Serialization;

namespace Orchestrator.Core.Build.Journal.Events;

/// <summary><c>run.resumed</c>: a new process continues the run; what was in flight is dispatched again.</summary>
public sealed record RunResumed : RunEvent
{
    /// <summary>Finished attempts taken from the journal instead of being run again.</summary>
    public int ReplayedAttempts { get; init; }

    /// <summary>Options that replace the journalled ones from here on (e.g. a larger budget); null keeps them.</summary>
    [JsonConverter(typeof(LenientJsonConverter<BuildOptions>))]
    public BuildOptions? Options { get; init; }
}
