using Orchestrator.Core.Common;
using Orchestrator.Core.Planning;

namespace Orchestrator.Core.Tests.Planning;

public sealed class ResearchAnglesTests
{
    [Theory]
    [InlineData("Rename a button", "locate-code,tests-config-docs")]
    [InlineData("Add OAuth login", "locate-code,tests-config-docs,constraints")]
    [InlineData("Sync the settings page with the backend API", "locate-code,tests-config-docs,adjacent-systems")]
    [InlineData("Refactor the export like the existing import pattern", "locate-code,tests-config-docs,prior-art")]
    [InlineData("Cache payments API responses, reuse the existing client pattern", "locate-code,tests-config-docs,adjacent-systems,constraints")]
    public void Two_to_four_angles_are_chosen_from_the_description(string description, string expected)
    {
        var angles = ResearchAngles.ChooseFor(description);

        Assert.Equal(expected, string.Join(',', angles.Select(a => a.Name)));
        Assert.InRange(angles.Count, 2, 4);
        Assert.All(angles.Where(a => a.Name is "adjacent-systems" or "constraints"), a => Assert.Equal(ModelTier.Sonnet, a.Tier));
    }

    [Fact]
    public void Plan_sections_are_read_from_host_markdown()
    {
        const string plan = "# Plan\nDo it.\n## Gaps\n- token refresh\n- * nothing else\n## Open questions\n* Which provider?\n## Suggested chunking\nc1 then c2\n";

        Assert.Equal(["token refresh", "* nothing else"], PlanDocument.Bullets(plan, "gap"));
        Assert.Equal(["Which provider?"], PlanDocument.Bullets(plan, "question"));
        Assert.Equal("c1 then c2", PlanDocument.SectionText(plan, "chunk"));
        Assert.Empty(PlanDocument.Bullets("# Plan\nno sections", "gap"));
    }
}
