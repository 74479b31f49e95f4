using Orchestrator.Testing;

namespace Orchestrator.Core.Tests.AgentClis;

/// <summary>
/// A real temporary git repository (the CLIs behave differently outside one: Codex refuses without
/// <c>--skip-git-repo-check</c>) plus a private home for the CLI's configuration, both deleted on dispose.
/// </summary>
internal sealed class AgentCliScratch : IDisposable
{
    private readonly TempGitRepository repository = TempGitRepository.Create();

    public AgentCliScratch()
    {
        ConfigDirectory = Directory.CreateDirectory(Path.Combine(Path.GetDirectoryName(repository.Root)!, "config")).FullName;
    }

    public string WorkTree => repository.Root;

    /// <summary>Goes to <c>CLAUDE_CONFIG_DIR</c> or <c>CODEX_HOME</c>, keeping the CLI out of the user's own files.</summary>
    public string ConfigDirectory { get; }

    public string PathOf(string relativePath) => Path.Combine(WorkTree, relativePath);

    public void Dispose() => repository.Dispose();
}
