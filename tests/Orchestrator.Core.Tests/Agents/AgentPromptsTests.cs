using Orchestrator.Core.Build.Attempts;
using Orchestrator.Core.Common;
using Orchestrator.Core.Planning;

namespace Orchestrator.Core.Tests.Agents;

public sealed class AgentPromptsTests
{
    private static readonly PlannedChunk Chunk = new("c2", "add the parser", ["src/Parser.cs", "tests/ParserTests.cs"], ModelTier.Sonnet, true, "cover empty input", true, [], 0, 1);

    [Fact]
    public void The_executor_prompt_has_the_contract_structure()
    {
        var prompt = AgentPrompts.Executor("Parse configs", "# Plan\nstep 1\nstep 2", testsRequired: true, Chunk, "Attempt 1 did not complete.");

        var sections = new[]
        {
            "You are implementing ONE chunk of an approved feature plan. Stay strictly within this chunk's scope.",
            "## Feature\nParse configs",
            "## Agreed plan (context, do not re-litigate)\n# Plan\nstep 1\nstep 2",
            "## Your chunk: c2\nScope: add the parser\nFiles you own: src/Parser.cs, tests/ParserTests.cs\nTests: write/update tests for this chunk. cover empty input",
            "## Rules\n- Implement only this chunk. Do NOT modify files owned by other chunks.",
            "- Run the relevant tests/lint before reporting status=\"done\".",
            "set status=\"blocked\" and describe the blocker precisely",
            "## Context for this attempt\nAttempt 1 did not complete.",
        };
        var position = 0;
        foreach (var section in sections)
        {
            var index = prompt.IndexOf(section, position, StringComparison.Ordinal);
            Assert.True(index >= 0, $"missing or out of order: {section}");
            position = index;
        }
    }

    [Fact]
    public void The_tests_line_follows_the_chunk_and_the_run()
    {
        var noTests = Chunk with { Tests = false };

        Assert.Contains("Tests: ensure existing tests still pass; you need not add new ones.", AgentPrompts.Executor("d", "p", true, noTests, null));
        Assert.Contains("Tests: this project has no test suite requirement.", AgentPrompts.Executor("d", "p", false, noTests, null));
        Assert.DoesNotContain("Run the relevant tests", AgentPrompts.Executor("d", "p", false, noTests, null));
        Assert.DoesNotContain("## Context for this attempt", AgentPrompts.Executor("d", "p", false, noTests, null));
    }

    [Fact]
    public void Reviewer_prompts_forbid_edits_and_name_the_chunk()
    {
        var reviewer = AgentPrompts.Reviewer("Parse configs", "plan", true, Chunk, "added parser");
        var opus = AgentPrompts.OpusReviewer("Parse configs", "plan", [(Chunk, "added parser")]);

        Assert.Contains("Do NOT modify code", reviewer);
        Assert.Contains("You may read files and run tests/lint", reviewer);
        Assert.Contains("## Chunk under review: c2", reviewer);
        Assert.Contains("Implementer reported: added parser", reviewer);
        Assert.Contains("Set chunkId=\"c2\" on every finding", reviewer);
        Assert.Contains("## Agreed plan (context, do not re-litigate)", opus);
        Assert.Contains("- c2: add the parser [src/Parser.cs, tests/ParserTests.cs]", opus);
        Assert.Contains("Do NOT modify code", opus);
    }
}
