using System.Diagnostics.CodeAnalysis;

namespace Orchestrator.Core.Git;

/// <summary>
/// Whether the in-process git reads (<see cref="ILibGit"/>) run on libgit2. LibGit2Sharp does not work in the native
/// (NativeAOT) binary (its calls fail after the library loads), so the native build sets this switch off, with
/// Trim="true" so the compiler drops <see cref="LibGit"/> and LibGit2Sharp with it; <see cref="GitCli"/> then answers the
/// same operations through the git CLI (<see cref="GitCliLookups"/>).
/// </summary>
public static class GitFeatures
{
    public const string InProcessSwitch = "Orchestrator.Git.InProcess.IsSupported";

    /// <summary>False only in a build that turned <see cref="InProcessSwitch"/> off (the native binary).</summary>
    [FeatureSwitchDefinition(InProcessSwitch)]
    public static bool InProcessSupported => !AppContext.TryGetSwitch(InProcessSwitch, out var enabled) || enabled;
}
