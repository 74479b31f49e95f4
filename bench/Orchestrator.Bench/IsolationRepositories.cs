using Orchestrator.Testing;

namespace Orchestrator.Bench;

/// <summary>
/// The synthetic repositories of the isolation benchmark, generated once and kept in a cache folder (generating and
/// committing 50,000 files takes a minute or more on two shared cores): <c>n</c> committed files in folders of 200,
/// a <c>.gitignore</c>, and an ignored <c>node_modules</c> dependency folder that worktrees link. Between runs a
/// repository is put back to its commit and everything the benchmark made beside it is removed.
/// </summary>
internal static class IsolationRepositories
{
    private const string ReadyMarker = "bench-ready";

    public static string Prepare(string cache, int files)
    {
        var root = Path.Combine(cache, $"repo-{files}");
        if (File.Exists(Path.Combine(root, ".git", ReadyMarker)))
        {
            Reset(root);
            return root;
        }

        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }

        Directory.CreateDirectory(root);
        Git(root, "init", "-q", "-b", "main");
        Git(root, "config", "user.email", "bench@example.invalid");
        Git(root, "config", "user.name", "bench");
        Git(root, "config", "commit.gpgsign", "false");
        File.WriteAllText(Path.Combine(root, ".gitignore"), "node_modules/\n*.log\n/.orchestrator/\n");
        for (var i = 0; i < files; i++)
        {
            var folder = Directory.CreateDirectory(Path.Combine(root, "src", $"d{i / 200:000}")).FullName;
            File.WriteAllText(Path.Combine(folder, $"f{i % 200:000}.txt"), $"file {i}\nline two of file {i}\n");
        }

        Git(root, "add", "-A");
        Git(root, "commit", "-q", "-m", "generated");
        for (var i = 0; i < 50; i++)
        {
            File.WriteAllText(Path.Combine(Directory.CreateDirectory(Path.Combine(root, "node_modules", $"pkg{i}")).FullName, "index.js"), $"module.exports = {i};\n");
        }

        File.WriteAllText(Path.Combine(root, ".git", ReadyMarker), "");
        return root;
    }

    /// <summary>Back to the generated commit: no worktrees, no pool, no snapshot refs, no files a run wrote.</summary>
    public static void Reset(string root)
    {
        var beside = root + "-worktrees";
        if (Directory.Exists(beside))
        {
            Directory.Delete(beside, recursive: true);
        }

        Git(root, "worktree", "prune");
        Git(root, "reset", "-q", "--hard", "HEAD");
        Git(root, "clean", "-fdq");
        foreach (var reference in Git(root, "for-each-ref", "--format=%(refname)", "refs/so-snapshots/").Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            Git(root, "update-ref", "-d", reference);
        }
    }

    public static string Git(string directory, params string[] arguments) => TempGitRepository.GitIn(directory, arguments);
}
