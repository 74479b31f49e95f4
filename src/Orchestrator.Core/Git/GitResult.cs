namespace Orchestrator.Core.Git;

/// <summary>One git invocation's outcome; callers decide what a non-zero exit means.</summary>
public sealed record GitResult(int ExitCode, string StandardOutput, string StandardError)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>Stderr (or stdout) trimmed to one readable line for error messages.</summary>
    public string Message => (string.IsNullOrWhiteSpace(StandardError) ? StandardOutput : StandardError).Trim();
}
