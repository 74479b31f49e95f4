namespace Orchestrator.Core.Sessions;

/// <summary>The side documents a session keeps beside its STATE.md.</summary>
public static class SessionDocuments
{
    /// <summary>The rough spec merged from the research agents (or host-supplied findings).</summary>
    public const string Spec = "spec.md";

    /// <summary>The implementation plan.</summary>
    public const string Plan = "plan.md";

    /// <summary>The chunk plan the build gate approves: <c>{ testsRequired, waves: [[chunk]] }</c>.</summary>
    public const string Chunks = "chunks.json";
}
