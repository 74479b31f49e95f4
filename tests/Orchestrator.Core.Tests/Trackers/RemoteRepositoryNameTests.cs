using Orchestrator.Core.Trackers;

namespace Orchestrator.Core.Tests.Trackers;

public sealed class RemoteRepositoryNameTests
{
    [Theory]
    [InlineData("https://github.com/octo-org/web-app.git", "octo-org/web-app")]
    [InlineData("https://github.com/octo-org/web-app", "octo-org/web-app")]
    [InlineData("https://user:secret@gitea.example.com/team/api.git", "team/api")]
    [InlineData("git@github.com:octo-org/web-app.git", "octo-org/web-app")]
    [InlineData("ssh://git@ghe.example.com:2222/platform/billing.git", "platform/billing")]
    [InlineData("  https://github.com/octo-org/web-app.git\n", "octo-org/web-app")]
    public void Owner_and_name_come_from_the_remote_url(string url, string expected) =>
        Assert.Equal(expected, RemoteRepositoryName.FromRemoteUrl(url));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("/srv/git/web-app.git")]
    [InlineData("../bare.git")]
    [InlineData("https://gitlab.example.com/group/sub/project.git")]
    [InlineData("https://github.com/only-owner")]
    public void Anything_else_names_no_repository(string? url) =>
        Assert.Null(RemoteRepositoryName.FromRemoteUrl(url));
}
