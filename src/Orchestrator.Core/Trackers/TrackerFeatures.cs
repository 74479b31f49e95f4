using System.Diagnostics.CodeAnalysis;

namespace Orchestrator.Core.Trackers;

/// <summary>
/// Trackers a build may leave out. The GitHub tracker runs on Octokit, whose JSON serialiser works by reflection that
/// the native (NativeAOT) compiler cannot prove safe; the native build sets this switch off (with Trim="true", so the
/// compiler drops the branch and Octokit with it) and a <c>tracker.kind: github</c> there names the build to use instead.
/// </summary>
public static class TrackerFeatures
{
    public const string GitHubSwitch = "Orchestrator.Trackers.GitHub.IsSupported";

    /// <summary>False only in a build that turned <see cref="GitHubSwitch"/> off (the native binary).</summary>
    [FeatureSwitchDefinition(GitHubSwitch)]
    public static bool GitHubSupported => !AppContext.TryGetSwitch(GitHubSwitch, out var enabled) || enabled;
}
