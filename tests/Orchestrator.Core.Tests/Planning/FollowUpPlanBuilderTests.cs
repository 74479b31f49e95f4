using Orchestrator.Core.Agents.Answers;
using Orchestrator.Core.Planning;
using Orchestrator.Testing;

namespace Orchestrator.Core.Tests.Planning;

public sealed class FollowUpPlanBuilderTests
{
    [Fact]
    public void One_chunk_per_finding_with_the_findings_file_or_its_chunks_files_and_shared_files_chained()
    {
        var previous = new SessionChunkPlan(true, TestChunks.Waves(
            [TestChunks.Chunk("c1", ["src/a.cs", "src/a2.cs"], model: "opus", tests: true), TestChunks.Chunk("c2", ["src/b.cs"], model: "haiku")]));
        ReviewFinding[] findings =
        [
            new("c1", FindingSeverity.Concern, "Empty input", "returns garbage", "src/a.cs", 4),
            new("c1", FindingSeverity.Concern, "Naming", File: "/etc/passwd"),
            new("c2", FindingSeverity.Blocker, "Crash on null"),
            new("c1", FindingSeverity.Concern, "Docs", File: "src/a.cs"),
        ];

        var plan = FollowUpPlanBuilder.Build("run-1", findings, previous, repositoryRoot: null);

        Assert.Equal(SessionChunkPlan.FromConcerns, plan.Source);
        Assert.Equal("run-1", plan.FollowUpOf);
        Assert.True(plan.TestsRequired);
        var chunks = plan.Chunks;
        Assert.Equal(["f1", "f2", "f3", "f4"], chunks.Select(c => c.Id));
        Assert.Equal(["src/a.cs"], chunks[0].Files);
        Assert.Equal(["src/a.cs", "src/a2.cs"], chunks[1].Files); // an outside path falls back to the chunk's files
        Assert.Equal(["src/b.cs"], chunks[2].Files);
        Assert.Equal("opus", chunks[0].Model);
        Assert.True(chunks[0].Tests);
        Assert.Equal("haiku", chunks[2].Model);
        Assert.Contains("Empty input: returns garbage (src/a.cs:4)", chunks[0].Scope);
        Assert.Contains("unresolved review blocker", chunks[2].Scope);
        Assert.Equal(["f1"], chunks[1].DependsOn);
        Assert.Empty(chunks[2].DependsOn!);
        Assert.Equal(["f1", "f2"], chunks[3].DependsOn);
        Assert.True(ChunkPlanValidator.ValidateWaves(plan.Waves, null).IsValid);
    }
}
