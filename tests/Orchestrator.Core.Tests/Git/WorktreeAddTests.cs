using Orchestrator.Core.Git;
using Orchestrator.Core.Processes;

namespace Orchestrator.Core.Tests.Git;

/// <summary>
/// git worktree add tried again when it failed on another worktree still being created (found by the kill/resume
/// soak: a session_start's add read a chunk worktree's half-written admin folder), and only then.
/// </summary>
public sealed class WorktreeAddTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("worktree-add-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_concurrent_add_race_is_tried_again_until_it_succeeds()
    {
        var git = FakeGit(failures: 2, "fatal: failed to read .git/worktrees/s002c1-1-62d7f7/commondir: Success");

        var result = await WorktreeAdd.RunAsync(git, _directory, ["worktree", "add", "x"], Ct);

        Assert.True(result.Succeeded, result.Message);
        Assert.Equal(3, Calls());
    }

    [Fact]
    public async Task Any_other_failure_is_returned_at_once()
    {
        var git = FakeGit(failures: 2, "fatal: 'x' already exists");

        var result = await WorktreeAdd.RunAsync(git, _directory, ["worktree", "add", "x"], Ct);

        Assert.False(result.Succeeded);
        Assert.Contains("already exists", result.Message, StringComparison.Ordinal);
        Assert.Equal(1, Calls());
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>A real process standing in for git: fails <paramref name="failures"/> times with <paramref name="error"/>, then succeeds.</summary>
    private GitCli FakeGit(int failures, string error)
    {
        var script = Path.Combine(_directory, "git.sh");
        File.WriteAllText(script, $"""
            #!/bin/sh
            echo call >> '{_directory}/calls'
            n=$(wc -l < '{_directory}/calls')
            if [ "$n" -le {failures} ]; then echo '{error}' >&2; exit 128; fi
            exit 0
            """.Replace("\r", "", StringComparison.Ordinal));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return new GitCli(new ProcessRunner(), script);
    }

    private int Calls() => File.ReadAllLines(Path.Combine(_directory, "calls")).Length;
}
