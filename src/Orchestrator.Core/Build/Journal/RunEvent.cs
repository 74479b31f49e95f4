using System.Text.Json;
using System.Text.Json.Serialization;
using Orchestrator.Core.Build.Journal.Events;

namespace Orchestrator.Core.Build.Journal;

/// <summary>
/// One line of events.jsonl: <c>{ "type", "seq", "ts", "once"?, ...the event's fields }</c>. Each event type is a
/// sealed record in <c>Build/Journal/Events/</c>; its fields are that record's properties in camelCase. Lines written
/// before the journal was typed put <c>type</c> after <c>ts</c>; they read the same (the discriminator may come anywhere).
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(RunStarted), RunEventTypes.RunStarted)]
[JsonDerivedType(typeof(RunResumed), RunEventTypes.RunResumed)]
[JsonDerivedType(typeof(PhaseChanged), RunEventTypes.PhaseChanged)]
[JsonDerivedType(typeof(AttemptStarted), RunEventTypes.AttemptStarted)]
[JsonDerivedType(typeof(AttemptFinished), RunEventTypes.AttemptFinished)]
[JsonDerivedType(typeof(ChunkSucceeded), RunEventTypes.ChunkSucceeded)]
[JsonDerivedType(typeof(ChunkFailed), RunEventTypes.ChunkFailed)]
[JsonDerivedType(typeof(ChunkSkipped), RunEventTypes.ChunkSkipped)]
[JsonDerivedType(typeof(ChunkCancelled), RunEventTypes.ChunkCancelled)]
[JsonDerivedType(typeof(ReviewFinished), RunEventTypes.ReviewFinished)]
[JsonDerivedType(typeof(WorkspaceCleanupFailed), RunEventTypes.WorkspaceCleanupFailed)]
[JsonDerivedType(typeof(TestsFinished), RunEventTypes.TestsFinished)]
[JsonDerivedType(typeof(RunFinished), RunEventTypes.RunFinished)]
public abstract record RunEvent
{
    /// <summary>1-based position in the journal, assigned by the writer; the cursor for "events since".</summary>
    [JsonRequired]
    [JsonPropertyOrder(-3)]
    public long Seq { get; init; }

    /// <summary>When the writer appended the event (the run's clock), on disk as UTC with 7 fractional digits.</summary>
    [JsonPropertyName("ts")]
    [JsonPropertyOrder(-2)]
    [JsonConverter(typeof(JournalTimestampConverter))]
    public DateTimeOffset Timestamp { get; init; }

    /// <summary>
    /// The key of an event that must be journalled at most once (e.g. by a resumed run after the crashed one already
    /// wrote it); null for the others.
    /// </summary>
    [JsonPropertyOrder(-1)]
    public string? Once { get; init; }

    /// <summary>The discriminator (one of <see cref="RunEventTypes"/>), as the <c>[JsonDerivedType]</c> above names it.</summary>
    [JsonIgnore]
    public string Type => RunEventJsonContext.TypeOf(GetType());

    /// <summary>
    /// Fields this version does not know (written by a newer server): kept so that re-serialising an event gives back
    /// the line it was read from. Settable, not init-only: the source generator cannot fill extension data through an
    /// object initializer.
    /// </summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? UnknownFields { get; set; }
}
