namespace Orchestrator.Core.Options;

/// <summary>
/// Where close files carryover issues (<c>tracker:</c> in config.yaml). The default is the local tracker: Markdown
/// files under <c>.orchestrator/issues/</c>, which needs no network and no token.
/// </summary>
public sealed record TrackerOptions
{
    /// <summary>The default GitHub REST base URL; GitHub Enterprise uses <c>https://&lt;host&gt;/api/v3</c>.</summary>
    public const string GitHubDefaultApiUrl = "https://api.github.com";

    /// <summary><c>local</c> (default), <c>github</c> or <c>gitea</c>.</summary>
    public string Kind { get; init; } = TrackerKinds.Local;

    /// <summary>The REST base URL: GitHub (default <see cref="GitHubDefaultApiUrl"/>) or the Gitea server (e.g. <c>https://gitea.example.com</c>; <c>/api/v1</c> is added).</summary>
    public string? ApiUrl { get; init; }

    /// <summary>The repository as <c>owner/name</c>.</summary>
    public string? Repository { get; init; }

    /// <summary>Environment variables the token is read from, first set one wins. Default: GITHUB_TOKEN, GH_TOKEN (github); GITEA_TOKEN (gitea).</summary>
    public List<string>? TokenEnv { get; init; }

    /// <summary>The token variables for <see cref="Kind"/> when none are configured.</summary>
    public IReadOnlyList<string> EffectiveTokenEnv => TokenEnv is { Count: > 0 } configured
        ? configured
        : Kind == TrackerKinds.Gitea ? ["GITEA_TOKEN"] : ["GITHUB_TOKEN", "GH_TOKEN"];
}
