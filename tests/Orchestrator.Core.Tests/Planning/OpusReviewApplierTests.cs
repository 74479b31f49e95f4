using Orchestrator.Core.Planning;
using static Orchestrator.Testing.TestChunks;

namespace Orchestrator.Core.Tests.Planning;

public sealed class OpusReviewApplierTests
{
    [Fact]
    public void Divide_sets_opus_review_where_the_advisor_flags_unless_the_plan_turned_it_off()
    {
        var waves = Waves(
        [
            Chunk("auth", files: ["src/Auth/Login.cs"]) with { OpusReview = null },
            Chunk("pay", files: ["src/payments.ts"]) with { OpusReview = false },
            Chunk("docs", files: ["README.md"]) with { OpusReview = null },
        ]);
        var planned = ChunkPlanValidator.ValidateWaves(waves, null).Plan!;

        var (advised, applied) = OpusReviewApplier.Apply(waves, planned);

        Assert.Equal("auth", Assert.Single(applied).ChunkId);
        Assert.Contains("authentication/authorization", applied[0].Reason);
        Assert.Equal([true, false, null], advised[0].Select(c => c.OpusReview));
    }

    [Fact]
    public void The_build_gate_choice_sets_the_flags_exactly()
    {
        var waves = Waves([Chunk("a", opusReview: true), Chunk("b", files: ["src/b.cs"])]);

        var chosen = OpusReviewApplier.Set(waves, new HashSet<string>(["b"]));

        Assert.Equal([false, true], chosen[0].Select(c => c.OpusReview));
    }
}
