using Orchestrator.Core.Common;
using Orchestrator.Core.Planning;

namespace Orchestrator.Core.Tests.Planning;

public sealed class PlannerTierAdvisorTests
{
    [Fact]
    public void A_plain_feature_plans_at_sonnet()
    {
        var (tier, reason) = PlannerTierAdvisor.Choose("Add a greeting line to the README", "README.md:1 has the title.", null, correctnessCritical: false);

        Assert.Equal(ModelTier.Sonnet, tier);
        Assert.StartsWith("default", reason);
    }

    [Theory]
    [InlineData("Move sessions to Redis: a trade-off between the API and the worker's cache", "cross-system trade-offs")]
    [InlineData("Add export. The format is unclear, the size limit is unknown and the owner is TBD.", "significant ambiguity (3 open questions or unknowns)")]
    [InlineData("Add a plugin system; there is no precedent for plugins in this code base.", "no precedent in the codebase")]
    public void Each_trigger_of_the_contract_moves_the_planner_to_opus_with_the_reason(string description, string expected)
    {
        var (tier, reason) = PlannerTierAdvisor.Choose(description, null, null, correctnessCritical: false);

        Assert.Equal(ModelTier.Opus, tier);
        Assert.Contains(expected, reason);
    }

    [Fact]
    public void Open_question_bullets_in_the_spec_count_as_ambiguity_and_critical_work_is_named()
    {
        const string spec = "## Unknowns\n- Which store holds it?\n- Who may read it?\n- How long is it kept?\n";

        var (tier, reason) = PlannerTierAdvisor.Choose("Store login tokens", spec, null, correctnessCritical: true);

        Assert.Equal(ModelTier.Opus, tier);
        Assert.Contains("correctness-critical (authentication/authorization)", reason);
        Assert.Contains("significant ambiguity", reason);
    }
}
