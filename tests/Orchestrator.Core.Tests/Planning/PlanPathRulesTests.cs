using Orchestrator.Core.Planning;
using static Orchestrator.Testing.TestChunks;

namespace Orchestrator.Core.Tests.Planning;

/// <summary>Paths no chunk may own (.git, .orchestrator) and a folder owned beside a path inside it.</summary>
public sealed class PlanPathRulesTests
{
    [Theory]
    [InlineData(".git/hooks/pre-commit")]
    [InlineData(".git")]
    [InlineData("vendor/lib/.git/config")]
    [InlineData(".GIT/config")]
    [InlineData(".orchestrator/sessions/x/STATE.md")]
    [InlineData(".orchestrator/")]
    [InlineData("./.orchestrator/runs")]
    public void Git_and_server_state_paths_are_refused(string path)
    {
        var result = ChunkPlanValidator.ValidateChunks([Chunk("c1", files: [path])], null);

        var problem = Assert.Single(result.Problems);
        Assert.Equal(ChunkPlanProblemKind.ReservedPath, problem.Kind);
        Assert.Contains($"chunk c1 owns \"{path}\"", problem.Message, StringComparison.Ordinal);
        Assert.Contains("list only files of the", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Look_alike_names_are_ordinary_paths() =>
        Assert.True(ChunkPlanValidator.ValidateChunks([Chunk("c1", files: [".github/workflows/ci.yml", "src/.gitignore", ".orchestrator-notes.md"])], null).IsValid);

    [Theory]
    [InlineData("src/", "src/x")]
    [InlineData("src", "src/x/y.cs")]
    [InlineData("src/x/y.cs", "src/")]
    public void A_folder_and_a_path_inside_it_in_parallel_chunks_overlap(string first, string second)
    {
        var result = ChunkPlanValidator.ValidateChunks([Chunk("c1", files: [first]), Chunk("c2", files: [second])], null);

        var problem = Assert.Single(result.Problems);
        Assert.Equal(ChunkPlanProblemKind.OverlappingFiles, problem.Kind);
        Assert.Contains("chunks c1 and c2 may run at the same time", problem.Message, StringComparison.Ordinal);
        Assert.Contains("the folder \"src\"", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_folder_and_a_path_inside_it_are_fine_when_ordered()
    {
        var ordered = ChunkPlanValidator.ValidateChunks([Chunk("c1", files: ["src/"]), Chunk("c2", files: ["src/x"], dependsOn: ["c1"])], null);
        var siblings = ChunkPlanValidator.ValidateChunks([Chunk("c1", files: ["src/a"]), Chunk("c2", files: ["src/ab"])], null);

        Assert.True(ordered.IsValid, ordered.Describe());
        Assert.True(siblings.IsValid, siblings.Describe());
    }
}
