using System.Diagnostics;

namespace Orchestrator.Core.Tests.AgentClis;

/// <summary>
/// A fresh <c>git init</c> working tree plus a private home for the CLI's configuration, both deleted on dispose.
/// The CLIs behave differently outside a git repository (Codex refuses without <c>--skip-git-repo-check</c>).
/// </summary>
internal sealed class TempGitRepository : IDisposable
{
    private readonly string _root;

    public TempGitRepository()
    {
        _root = Path.Combine(Path.GetTempPath(), "orchestrator-agentcli-" + Guid.NewGuid().ToString("N")[..12]);
        WorkTree = Directory.CreateDirectory(Path.Combine(_root, "repo")).FullName;
        ConfigDirectory = Directory.CreateDirectory(Path.Combine(_root, "config")).FullName;
        Git("init", "-q", "-b", "main");
        Git("config", "user.email", "test@example.invalid");
        Git("config", "user.name", "Agent CLI test");
        File.WriteAllText(Path.Combine(WorkTree, "README.md"), "# scratch repo\n");
        Git("add", "README.md");
        Git("commit", "-q", "-m", "initial");
    }

    public string WorkTree { get; }

    /// <summary>Goes to <c>CLAUDE_CONFIG_DIR</c> or <c>CODEX_HOME</c>, keeping the CLI out of the user's own files.</summary>
    public string ConfigDirectory { get; }

    public string PathOf(string relativePath) => Path.Combine(WorkTree, relativePath);

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A killed CLI's late writes can race the delete; a leftover temp folder is harmless.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private void Git(params string[] arguments)
    {
        var startInfo = new ProcessStartInfo("git") { WorkingDirectory = WorkTree, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException("Could not start git.");
        var error = process.StandardError.ReadToEnd();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"git {string.Join(' ', arguments)} failed: {error}");
        }
    }
}
