using Orchestrator.Core.Agents.Answers;
using Orchestrator.Core.Build.Workspaces;
using Orchestrator.Core.Git;
using Orchestrator.Core.Planning;
using Orchestrator.Core.Processes;
using Orchestrator.Testing;

namespace Orchestrator.Core.Tests.Git;

/// <summary>Shared isolation: everyone edits the session tree; the diff since a chunk started is scope-checked.</summary>
public sealed class SharedTreeScopeTests : IDisposable
{
    private static readonly ExecutorOutput Done = new("done", "did it", null, null, null);
    private readonly TempGitRepository _repo = TempGitRepository.Create();

    [Fact]
    public async Task Files_owned_by_running_chunks_are_fine_and_files_nobody_owns_are_violations()
    {
        var ct = TestContext.Current.CancellationToken;
        var plan = ChunkPlanValidator.ValidateWaves([[TestChunks.Chunk("c1", files: ["a.txt"]), TestChunks.Chunk("c2", files: ["b.txt"])]], null).Plan!;
        var provider = new ScopeCheckedSharedTreeWorkspaceProvider(new GitCli(new ProcessRunner()), _repo.Root);
        var w1 = await provider.PrepareAsync(plan["c1"], 1, ct);
        var w2 = await provider.PrepareAsync(plan["c2"], 1, ct);
        _repo.WriteFile("a.txt", "a\n");
        _repo.WriteFile("b.txt", "b\n");

        var first = await provider.CompleteAsync(w1, plan["c1"], Done, ct);
        _repo.WriteFile("stray.txt", "nobody's\n");
        var second = await provider.CompleteAsync(w2, plan["c2"], Done, ct);

        Assert.Equal(_repo.Root, w1.WorkingDirectory);
        Assert.Empty(first.ScopeViolations);
        Assert.Equal(["a.txt"], first.FilesChanged);
        Assert.Equal(["stray.txt"], second.ScopeViolations);
        Assert.Equal("", _repo.Git("diff", "--cached", "--name-only"));
    }

    public void Dispose() => _repo.Dispose();
}
