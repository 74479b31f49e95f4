using Orchestrator.Core.Close.Commits;
using Orchestrator.Core.Common;
using Orchestrator.Core.Git;
using Orchestrator.Core.Processes;
using Orchestrator.Testing;

namespace Orchestrator.Core.Tests.Close;

public sealed class SessionCommitterTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Each_file_is_staged_literally_and_the_commit_holds_exactly_those_files()
    {
        using var repo = TempGitRepository.Create();
        repo.WriteFile("a*.txt", "literal star\n");
        repo.WriteFile("ab.txt", "not the session's\n");
        repo.WriteFile("README.md", "edited\n");
        var committer = new SessionCommitter(new GitCli(new ProcessRunner()));

        var made = await committer.CommitAsync(repo.Root, [new CommitGroup(1, ["c1"], ["a*.txt"], "feat: star file\n\n- c1: star\n")], Ct);

        Assert.True(made.Succeeded, made.Error?.Message);
        Assert.Equal("a*.txt", repo.Git("show", "--name-only", "--format=", "HEAD"));
        Assert.Equal("feat: star file", repo.Git("log", "-1", "--format=%s"));
        Assert.Equal("README.md", repo.Git("diff", "--name-only"));
        Assert.Contains("?? ab.txt", repo.Git("status", "--porcelain"));
    }

    [Fact]
    public async Task Something_already_staged_refuses_the_commit_and_touches_nothing()
    {
        using var repo = TempGitRepository.Create();
        repo.WriteFile("mine.txt", "session\n");
        repo.WriteFile("theirs.txt", "user's staged work\n");
        repo.Git("add", "theirs.txt");
        var head = repo.Git("rev-parse", "HEAD");

        var made = await new SessionCommitter(new GitCli(new ProcessRunner())).CommitAsync(repo.Root, [new CommitGroup(1, ["c1"], ["mine.txt"], "feat: mine\n")], Ct);

        Assert.Equal(ErrorCode.Conflict, made.Error!.Code);
        Assert.Contains("theirs.txt", made.Error.Message);
        Assert.Equal(head, repo.Git("rev-parse", "HEAD"));
        Assert.Equal("theirs.txt", repo.Git("diff", "--cached", "--name-only"));
    }
}
