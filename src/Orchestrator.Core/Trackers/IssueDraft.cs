namespace Orchestrator.Core.Trackers;

/// <summary>An issue to file. <paramref name="Marker"/> is the hidden de-duplication key; <paramref name="Body"/> already contains it.</summary>
public sealed record IssueDraft(string Title, string Body, IReadOnlyList<string> Labels, string Marker);
