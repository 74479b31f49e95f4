namespace Orchestrator.Core.Build.Journal;

/// <summary>
/// Just the <c>seq</c> of a line that is not an event this version knows (a type from a newer server): the reader
/// skips the event but the writer must still number after it.
/// </summary>
internal sealed record RunEventSeq(long Seq);
