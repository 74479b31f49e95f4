using System.Text.Json;
using Orchestrator.Core.Common;
using Orchestrator.Core.Git;

namespace Orchestrator.Core.Sessions;

/// <summary>
/// Makes <c>session_start</c> all-or-nothing. Before it creates a branch or worktree it records its intent
/// (<see cref="FileName"/> in the session folder, which holds only the lock so far); STATE.md is written last and the
/// intent removed after it. A start that fails is rolled back at once; one that died (kill -9, a crash) leaves a
/// session folder without STATE.md, which the next <c>session_start</c> in the repository sweeps: the worktree and
/// branch it made are removed when nothing was done in them (else kept and reported), then the folder goes.
/// </summary>
public sealed class SessionStartCleanup(IGit git, SessionLockManager locks)
{
    /// <summary>The intent file in a session folder that is still being created.</summary>
    public const string FileName = ".starting.json";

    /// <summary>Records what a start is about to create.</summary>
    public static void WriteIntent(string sessionDirectory, SessionStartIntent intent) =>
        File.WriteAllText(Path.Combine(sessionDirectory, FileName), JsonSerializer.Serialize(intent, SessionJsonContext.Default.SessionStartIntent));

    /// <summary>The start is complete (STATE.md written): nothing to undo any more.</summary>
    public static void Complete(string sessionDirectory) => File.Delete(Path.Combine(sessionDirectory, FileName));

    /// <summary>Undoes a failed start of this process: its worktree and branch (when untouched), its lock and folder.</summary>
    public async Task<IReadOnlyList<string>> RollBackAsync(ProjectContext project, string sessionDirectory, SessionStartIntent intent, CancellationToken cancellationToken)
    {
        var notes = await UndoGitAsync(project, intent, cancellationToken).ConfigureAwait(false);
        await locks.ReleaseAsync(sessionDirectory).ConfigureAwait(false);
        DeleteFolder(sessionDirectory);
        return notes;
    }

    /// <summary>
    /// Removes what starts that died left behind: session folders without STATE.md whose lock has no live owner.
    /// Returns one line per folder swept, saying what was removed and what was kept (and why).
    /// </summary>
    public async Task<IReadOnlyList<string>> SweepAsync(ProjectContext project, CancellationToken cancellationToken)
    {
        var notes = new List<string>();
        if (!Directory.Exists(project.SessionsDirectory))
        {
            return notes;
        }

        foreach (var directory in Directory.EnumerateDirectories(project.SessionsDirectory))
        {
            if (File.Exists(Path.Combine(directory, SessionStore.StateFileName)) || new DirectoryInfo(directory).LinkTarget is not null
                || locks.FindLiveOwner(directory) is not null || locks.IsHeldHere(directory))
            {
                continue;
            }

            var intent = ReadIntent(directory);
            var undone = intent is null ? [] : await UndoGitAsync(project, intent, cancellationToken).ConfigureAwait(false);
            DeleteFolder(directory);
            notes.Add($"Cleaned up session folder {Path.GetFileName(directory)} left by a session_start that did not finish" +
                (undone.Count > 0 ? $": {string.Join("; ", undone)}." : "."));
        }

        return notes;
    }

    private static SessionStartIntent? ReadIntent(string directory)
    {
        try
        {
            var path = Path.Combine(directory, FileName);
            return File.Exists(path) ? JsonSerializer.Deserialize(File.ReadAllText(path), SessionJsonContext.Default.SessionStartIntent) : null;
        }
        catch (Exception ex) when (ex is JsonException or IOException)
        {
            return null;
        }
    }

    private async Task<List<string>> UndoGitAsync(ProjectContext project, SessionStartIntent intent, CancellationToken cancellationToken)
    {
        var notes = new List<string>();
        if (intent.Isolation != SessionIsolation.Worktree)
        {
            // An in-place start switched the user's own tree: switching it back could move their edits, so it is only reported.
            if (intent.Isolation == SessionIsolation.InPlace && await git.BranchExistsAsync(project.MainWorkTreeRoot, intent.Branch, cancellationToken).ConfigureAwait(false))
            {
                notes.Add($"branch {intent.Branch} kept (an in-place start switched your tree to it; `git switch -` and `git branch -d {intent.Branch}` undo it)");
            }

            return notes;
        }

        // Only a worktree git lists on the intended branch is the start's own: the folder may be someone else's.
        if (intent.WorktreePath is { } path && Directory.Exists(path) && await IsWorktreeOnBranchAsync(project, path, intent.Branch, cancellationToken).ConfigureAwait(false))
        {
            var status = await git.GetStatusAsync(path, cancellationToken).ConfigureAwait(false);
            if (!status.IsClean)
            {
                notes.Add($"worktree {path} kept: it has changes");
                return notes;
            }

            var removed = await git.RunAsync(project.MainWorkTreeRoot, ["worktree", "remove", "--force", "--", path], cancellationToken).ConfigureAwait(false);
            notes.Add(removed.Succeeded ? $"worktree {path} removed" : $"worktree {path} kept: git worktree remove failed ({removed.Message})");
        }

        await git.RunAsync(project.MainWorkTreeRoot, ["worktree", "prune"], cancellationToken).ConfigureAwait(false);
        if (await git.BranchExistsAsync(project.MainWorkTreeRoot, intent.Branch, cancellationToken).ConfigureAwait(false))
        {
            var tip = await git.ResolveCommitAsync(project.MainWorkTreeRoot, "refs/heads/" + intent.Branch, cancellationToken).ConfigureAwait(false);
            if (intent.StartCommit is not null && tip == intent.StartCommit)
            {
                var deleted = await git.RunAsync(project.MainWorkTreeRoot, ["branch", "-D", "--", intent.Branch], cancellationToken).ConfigureAwait(false);
                notes.Add(deleted.Succeeded ? $"branch {intent.Branch} deleted" : $"branch {intent.Branch} kept: {deleted.Message}");
            }
            else
            {
                notes.Add($"branch {intent.Branch} kept: it has commits of its own");
            }
        }

        return notes;
    }

    private async Task<bool> IsWorktreeOnBranchAsync(ProjectContext project, string path, string branch, CancellationToken cancellationToken)
    {
        var listed = await git.RunAsync(project.MainWorkTreeRoot, ["worktree", "list", "--porcelain"], cancellationToken).ConfigureAwait(false);
        if (!listed.Succeeded)
        {
            return false;
        }

        var full = RealPaths.Resolve(path);
        foreach (var entry in listed.StandardOutput.Replace("\r", "", StringComparison.Ordinal).Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
        {
            var lines = entry.Split('\n');
            if (lines.Contains("worktree " + full, StringComparer.Ordinal) && lines.Contains("branch refs/heads/" + branch, StringComparer.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static void DeleteFolder(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // Already gone.
        }
    }
}
