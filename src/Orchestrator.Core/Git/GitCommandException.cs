namespace Orchestrator.Core.Git;

/// <summary>A git step of the build's workspace handling failed; the attempt it belonged to fails with this message.</summary>
public sealed class GitCommandException(string message) : Exception(message)
{
    /// <summary>Throws when <paramref name="result"/> did not succeed, naming the step.</summary>
    public static GitResult ThrowIfFailed(GitResult result, string step) =>
        result.Succeeded ? result : throw new GitCommandException($"{step} failed: {result.Message}");
}
