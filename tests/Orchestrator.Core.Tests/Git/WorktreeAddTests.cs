using Orchestrator.Core.Git;
using Orchestrator.Core.Processes;
using Orchestrator.Testing;

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

    [Fact]
    public async Task A_new_branch_the_lost_race_created_is_checked_out_on_the_retry_instead_of_created_again()
    {
        // Real git: the branch left by the failed `-b` attempt exists; the stand-in fails the first add with the race.
        using var repo = TempGitRepository.Create();
        var realGit = new GitCli(new ProcessRunner());
        Assert.True((await realGit.RunAsync(repo.Root, ["branch", "wip-export-reports-csv"], Ct)).Succeeded);
        var script = Path.Combine(_directory, "git.sh");
        File.WriteAllText(script, $$"""
            #!/bin/sh
            case " $* " in *" worktree add "*)
              echo "$*" | sed 's/^.*worktree add/worktree add/' >> '{{_directory}}/calls'
              if [ "$(wc -l < '{{_directory}}/calls')" -le 1 ]; then echo 'fatal: failed to read .git/worktrees/s1/commondir: Success' >&2; exit 128; fi;;
            esac
            exec git "$@"
            """.Replace("\r", "", StringComparison.Ordinal));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var path = Path.Combine(_directory, "wt");

        var result = await WorktreeAdd.RunAsync(new GitCli(new ProcessRunner(), script), repo.Root, ["worktree", "add", "-b", "wip-export-reports-csv", "--", path, "HEAD"], Ct);

        Assert.True(result.Succeeded, result.Message);
        Assert.Equal(["worktree add -b wip-export-reports-csv -- " + path + " HEAD", "worktree add -- " + path + " wip-export-reports-csv"],
            File.ReadAllLines(Path.Combine(_directory, "calls")));
        Assert.Equal("wip-export-reports-csv", (await realGit.RunAsync(path, ["rev-parse", "--abbrev-ref", "HEAD"], Ct)).StandardOutput.Trim());
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
