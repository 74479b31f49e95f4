using Orchestrator.Core.Sessions;

namespace Orchestrator.Core.Tests.Sessions;

public sealed class BranchNamerTests
{
    [Theory]
    [InlineData("Add OAuth login to the web app", "add-oauth-login-web-app")]
    [InlineData("Fix: the café menu crashes on Ünïcode input when saving drafts quickly", "fix-cafe-menu-crashes-unicode")]
    [InlineData("   ", "session")]
    [InlineData("Issue 123: refactor 42 parsers", "refactor-parsers")]
    public void Slugs_are_up_to_five_plain_kebab_words(string text, string expected) => Assert.Equal(expected, BranchNamer.Slug(text));

    [Theory]
    [InlineData("crash on save", "bug: x", "bug")]
    [InlineData("make it faster", "enhancement", "enhancement")]
    [InlineData("update the docs", "", "chore")]
    [InlineData("dark mode", "", "feature")]
    public void The_type_comes_from_issue_labels_and_words(string description, string issue, string expected) =>
        Assert.Equal(expected, BranchNamer.TypeOf(description, [issue]));

    [Fact]
    public void Free_text_work_gets_wip_and_issue_work_gets_worktree_type()
    {
        Assert.Equal("wip-dark-mode", BranchNamer.BranchName("Dark mode", [], null));
        Assert.Equal("worktree-feature-night-theme", BranchNamer.BranchName("Dark mode", ["#7"], "night theme"));
    }

    [Theory]
    [InlineData("bug-123-crash-on-save", 123)]
    [InlineData("feature/45-dark-mode", 45)]
    [InlineData("77-quick", 77)]
    [InlineData("wip-dark-mode", null)]
    [InlineData(null, null)]
    public void Linked_issue_numbers_are_read_from_branch_names(string? branch, int? expected) =>
        Assert.Equal(expected, CatchupCollector.LinkedIssueOf(branch));
}
