namespace Orchestrator.Core.Close.Commits;

/// <summary>A push (or mirror) of the session branch: where, whether it happened, and git's answer or why not.</summary>
public sealed record PushRecord(string Remote, string Branch, string Kind, PushStatus Status, string Message);
