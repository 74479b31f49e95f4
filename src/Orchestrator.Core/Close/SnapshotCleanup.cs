namespace Orchestrator.Core.Close;

/// <summary>Snapshot refs removed: this session's, and other sessions' older than the age limit.</summary>
public sealed record SnapshotCleanup(IReadOnlyList<string> SessionRefs, IReadOnlyList<string> ExpiredOrphans, int Scanned, IReadOnlyList<string> Problems);
