namespace Orchestrator.Core.Sessions;

/// <summary>Where a session is in the workflow: spec -> plan -> divide -> build -> review -> closed.</summary>
public static class SessionPhase
{
    public const string Started = "started";
    public const string Spec = "spec";
    public const string Plan = "plan";
    public const string Divide = "divide";
    public const string Build = "build";
    public const string Review = "review";
    public const string Closed = "closed";

    /// <summary>Every phase, in workflow order.</summary>
    public static IReadOnlyList<string> All { get; } = [Started, Spec, Plan, Divide, Build, Review, Closed];
}
