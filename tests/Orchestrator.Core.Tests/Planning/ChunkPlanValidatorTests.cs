using Orchestrator.Core.Common;
using Orchestrator.Core.Planning;
using static Orchestrator.Testing.TestChunks;

namespace Orchestrator.Core.Tests.Planning;

public sealed class ChunkPlanValidatorTests
{
    [Fact]
    public void A_valid_wave_plan_resolves_tiers_and_default_dependencies()
    {
        var result = ChunkPlanValidator.ValidateWaves(
            Waves([Chunk("c1", model: null), Chunk("c2", model: "HAIKU")], [Chunk("c3"), Chunk("c4", dependsOn: ["c1"])]),
            repositoryRoot: null);

        Assert.True(result.IsValid, result.Describe());
        var plan = result.Plan!;
        Assert.Equal(ModelTier.Sonnet, plan["c1"].Tier);
        Assert.Equal(ModelTier.Haiku, plan["c2"].Tier);
        Assert.Equal(["c1", "c2"], plan["c3"].Dependencies);
        Assert.Equal(["c1"], plan["c4"].Dependencies);
        Assert.Equal(1, plan["c4"].Wave);
        Assert.Equal([["c1", "c2"], ["c3", "c4"]], plan.Levels());
    }

    [Fact]
    public void Levels_follow_dependsOn_not_waves()
    {
        var plan = ChunkPlanValidator.ValidateChunks(
            [Chunk("c1"), Chunk("c2", dependsOn: ["c1"]), Chunk("c3", dependsOn: ["c2", "c1"]), Chunk("c4", dependsOn: [])],
            null).Plan!;

        Assert.Equal([["c1", "c4"], ["c2"], ["c3"]], plan.Levels());
    }

    [Fact]
    public void An_empty_plan_is_rejected()
    {
        var result = ChunkPlanValidator.ValidateWaves([], null);

        var problem = Assert.Single(result.Problems);
        Assert.Equal(ChunkPlanProblemKind.EmptyPlan, problem.Kind);
        Assert.Contains("at least one chunk", problem.Message);
        Assert.False(ChunkPlanValidator.ValidateChunks(null, null).IsValid);
    }

    [Fact]
    public void Every_problem_is_reported_at_once_with_names_and_fixes()
    {
        var result = ChunkPlanValidator.ValidateChunks(
            [
                Chunk("c1"),
                Chunk("c1", files: ["src/other.cs"]),
                Chunk(" ", files: ["src/x.cs"]),
                Chunk("c3", scope: " ", files: ["src/c3.cs"]) with { Scope = " " },
                Chunk("c4", model: "gpt-5"),
                Chunk("c5", dependsOn: ["c9"]),
            ],
            null);

        Assert.False(result.IsValid);
        var messages = result.Problems.ToDictionary(p => p.Kind, p => p.Message);
        Assert.Equal("chunk id \"c1\" is used 2 times (waves 1, 1): ids must be unique, rename all but one", messages[ChunkPlanProblemKind.DuplicateId]);
        Assert.Contains("chunk #3", messages[ChunkPlanProblemKind.EmptyId]);
        Assert.Contains("give every chunk a unique id", messages[ChunkPlanProblemKind.EmptyId]);
        Assert.Equal("chunk c3 has an empty scope: describe in one line what the chunk implements", messages[ChunkPlanProblemKind.EmptyScope]);
        Assert.Equal("chunk c4 has unknown model tier \"gpt-5\": use one of haiku, sonnet, opus (or omit it for sonnet)", messages[ChunkPlanProblemKind.UnknownTier]);
        Assert.Equal("chunk c5 depends on unknown chunk \"c9\": remove it from dependsOn or add a chunk with that id", messages[ChunkPlanProblemKind.UnknownDependency]);
        Assert.Equal(5, result.Problems.Count);
        Assert.Null(result.Plan);
    }

    [Fact]
    public void A_cycle_is_rejected_and_printed()
    {
        var result = ChunkPlanValidator.ValidateChunks(
            [Chunk("c1", dependsOn: ["c3"]), Chunk("c2"), Chunk("c3", dependsOn: ["c1"])],
            null);

        var problem = Assert.Single(result.Problems);
        Assert.Equal(ChunkPlanProblemKind.DependencyCycle, problem.Kind);
        Assert.StartsWith("dependency cycle: c1 -> c3 -> c1:", problem.Message);
        Assert.Equal(["c1", "c3"], problem.ChunkIds);
    }

    [Fact]
    public void A_longer_cycle_and_a_self_dependency_are_printed()
    {
        var longer = ChunkPlanValidator.ValidateChunks(
            [Chunk("a", dependsOn: ["c"]), Chunk("b", dependsOn: ["a"]), Chunk("c", dependsOn: ["b"])],
            null);
        var self = ChunkPlanValidator.ValidateChunks([Chunk("a", dependsOn: ["a"])], null);

        Assert.StartsWith("dependency cycle: a -> b -> c -> a:", Assert.Single(longer.Problems).Message);
        Assert.StartsWith("dependency cycle: a -> a:", Assert.Single(self.Problems).Message);
    }

    [Fact]
    public void Chunks_that_may_run_together_must_not_share_files()
    {
        var result = ChunkPlanValidator.ValidateChunks(
            [Chunk("c1", files: ["src/a.cs", "src/b.cs"]), Chunk("c2", files: ["./src/a.cs", "src\\b.cs", "src/c.cs"])],
            null);

        var problem = Assert.Single(result.Problems);
        Assert.Equal(ChunkPlanProblemKind.OverlappingFiles, problem.Kind);
        Assert.Equal(["c1", "c2"], problem.ChunkIds);
        Assert.Equal(["src/a.cs", "src/b.cs"], problem.Files);
        Assert.Equal(
            "chunks c1 and c2 both own \"src/a.cs\", \"src/b.cs\" and may run at the same time (neither depends on the other): give each file to one chunk, or order them with dependsOn",
            problem.Message);
    }

    [Fact]
    public void Shared_files_are_fine_when_dependsOn_orders_the_chunks_even_transitively()
    {
        var direct = ChunkPlanValidator.ValidateChunks(
            [Chunk("c1", files: ["src/a.cs"]), Chunk("c2", files: ["src/a.cs"], dependsOn: ["c1"])],
            null);
        var transitive = ChunkPlanValidator.ValidateChunks(
            [Chunk("c1", files: ["src/a.cs"]), Chunk("c2", files: ["src/b.cs"], dependsOn: ["c1"]), Chunk("c3", files: ["src/a.cs"], dependsOn: ["c2"])],
            null);
        var acrossWaves = ChunkPlanValidator.ValidateWaves(
            Waves([Chunk("c1", files: ["src/a.cs"])], [Chunk("c2", files: ["src/a.cs"])]),
            null);

        Assert.True(direct.IsValid, direct.Describe());
        Assert.True(transitive.IsValid, transitive.Describe());
        Assert.True(acrossWaves.IsValid, acrossWaves.Describe());
    }

    [Fact]
    public void Later_waves_with_explicit_dependsOn_can_still_overlap()
    {
        var result = ChunkPlanValidator.ValidateWaves(
            Waves([Chunk("c1", files: ["src/a.cs"])], [Chunk("c2", files: ["src/a.cs"], dependsOn: [])]),
            null);

        Assert.Equal(ChunkPlanProblemKind.OverlappingFiles, Assert.Single(result.Problems).Kind);
    }

    [Theory]
    [InlineData("/etc/passwd", ChunkPlanProblemKind.AbsolutePath)]
    [InlineData("C:\\Windows\\x.cs", ChunkPlanProblemKind.AbsolutePath)]
    [InlineData("~/secrets", ChunkPlanProblemKind.AbsolutePath)]
    [InlineData("../outside.cs", ChunkPlanProblemKind.PathEscapesRepository)]
    [InlineData("src/../../outside.cs", ChunkPlanProblemKind.PathEscapesRepository)]
    [InlineData("", ChunkPlanProblemKind.EmptyFilePath)]
    [InlineData("./", ChunkPlanProblemKind.EmptyFilePath)]
    public void Paths_outside_the_repository_are_rejected(string path, ChunkPlanProblemKind kind)
    {
        var result = ChunkPlanValidator.ValidateChunks([Chunk("c1", files: [path])], null);

        var problem = Assert.Single(result.Problems);
        Assert.Equal(kind, problem.Kind);
        Assert.Contains("chunk c1", problem.Message);
        Assert.Equal(["c1"], problem.ChunkIds);
    }

    [Fact]
    public void Dot_dot_that_stays_inside_is_normalised()
    {
        var result = ChunkPlanValidator.ValidateChunks([Chunk("c1", files: ["src/x/../a.cs"])], null);

        Assert.True(result.IsValid);
        Assert.Equal(["src/a.cs"], result.Plan!["c1"].Files);
    }

    [Fact]
    public void A_path_through_a_symlink_pointing_outside_is_rejected_and_one_pointing_inside_is_not()
    {
        var root = Path.Combine(Path.GetTempPath(), "engine-tests", $"symlinks-{Guid.NewGuid():N}");
        var repo = Path.Combine(root, "repo");
        var outside = Path.Combine(root, "outside");
        Directory.CreateDirectory(Path.Combine(repo, "src"));
        Directory.CreateDirectory(outside);
        try
        {
            Directory.CreateSymbolicLink(Path.Combine(repo, "docs"), outside);
            Directory.CreateSymbolicLink(Path.Combine(repo, "alias"), Path.Combine(repo, "src"));
            File.CreateSymbolicLink(Path.Combine(repo, "src", "passwd.cs"), "/etc/passwd");

            var result = ChunkPlanValidator.ValidateChunks(
                [Chunk("c1", files: ["docs/readme.md", "alias/new.cs", "src/passwd.cs", "src/new-file.cs"])],
                repo);

            Assert.Equal(2, result.Problems.Count);
            Assert.All(result.Problems, p => Assert.Equal(ChunkPlanProblemKind.PathEscapesRepository, p.Kind));
            Assert.Contains("\"docs\" is a symlink to", result.Problems[0].Message);
            Assert.Contains(outside, result.Problems[0].Message);
            Assert.Equal(["docs/readme.md"], result.Problems[0].Files);
            Assert.Equal(["src/passwd.cs"], result.Problems[1].Files);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
