namespace Orchestrator.Core.Git;

/// <summary>The working tree's state as <c>git status</c> reports it, split the way the catch-up shows it.</summary>
public sealed record GitStatus(IReadOnlyList<string> Staged, IReadOnlyList<string> Unstaged, IReadOnlyList<string> Untracked)
{
    public bool IsClean => Staged.Count == 0 && Unstaged.Count == 0 && Untracked.Count == 0;
}
