namespace Orchestrator.Core.Options;

/// <summary>The issue trackers close can file into.</summary>
public static class TrackerKinds
{
    public const string Local = "local";
    public const string GitHub = "github";
    public const string Gitea = "gitea";

    public static IReadOnlyList<string> All { get; } = [Local, GitHub, Gitea];
}
