using System.Diagnostics;

namespace Orchestrator.Testing;

/// <summary>
/// A real git repository in a fresh temporary folder, with one commit on <c>main</c>. Deleted on dispose together
/// with the <c>&lt;repo&gt;-worktrees</c> folder beside it that sessions create.
/// </summary>
public sealed class TempGitRepository : IDisposable
{
    private TempGitRepository(string root)
    {
        Root = root;
    }

    public string Root { get; }

    /// <summary>Where session worktrees go by default: a folder beside the repository.</summary>
    public string WorktreesRoot => Root + "-worktrees";

    public static TempGitRepository Create(string initialBranch = "main", bool withCommit = true)
    {
        var parent = Path.Combine(Path.GetTempPath(), "orch-tests", Guid.NewGuid().ToString("N")[..12]);
        var root = Path.Combine(parent, "repo");
        Directory.CreateDirectory(root);
        var repo = new TempGitRepository(root);
        repo.Git("init", "-q", "-b", initialBranch);
        repo.Git("config", "user.email", "tests@example.invalid");
        repo.Git("config", "user.name", "Orchestrator Tests");
        repo.Git("config", "commit.gpgsign", "false");
        if (withCommit)
        {
            repo.WriteFile("README.md", "# test repository\n");
            repo.Commit("initial commit");
        }

        return repo;
    }

    public string WriteFile(string relativePath, string content)
    {
        var path = Path.Combine(Root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    public void Commit(string message)
    {
        Git("add", "-A");
        Git("commit", "-q", "-m", message);
    }

    /// <summary>Runs git in the repository and returns stdout; a non-zero exit fails the test with git's message.</summary>
    public string Git(params string[] arguments) => GitIn(Root, arguments);

    public static string GitIn(string directory, params string[] arguments)
    {
        var info = new ProcessStartInfo("git")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["LC_ALL"] = "C";
        using var process = Process.Start(info)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"git {string.Join(' ', arguments)} failed ({process.ExitCode}): {stderr.Result}");
        }

        return stdout.Result.Trim();
    }

    public void Dispose()
    {
        var parent = Path.GetDirectoryName(Root)!;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            try
            {
                if (Directory.Exists(parent))
                {
                    Directory.Delete(parent, recursive: true);
                }

                return;
            }
            catch (IOException)
            {
                Thread.Sleep(100);
            }
            catch (UnauthorizedAccessException)
            {
                Thread.Sleep(100);
            }
        }
    }
}
