using Orchestrator.Core.Common;
using Orchestrator.Core.Options;

namespace Orchestrator.Core.Trackers;

/// <summary>
/// Builds the configured tracker; a missing repository or token is a failure naming the setting to fix. The server gets it
/// from DI as a typed client (<c>AddHttpClient</c>), so <paramref name="httpClient"/> comes from IHttpClientFactory.
/// </summary>
public sealed class IssueTrackerFactory(HttpClient httpClient, Func<string, string?> environment, TimeProvider timeProvider)
{
    /// <summary>
    /// The tracker for <paramref name="options"/>; the local one keeps its files in <paramref name="orchestratorDirectory"/>/issues.
    /// Without <c>tracker.repository</c>, a GitHub or Gitea tracker files to the repository <paramref name="originUrl"/> names.
    /// </summary>
    public Outcome<IIssueTracker> Create(TrackerOptions options, string orchestratorDirectory, string? originUrl = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var kind = (options.Kind ?? TrackerKinds.Local).Trim().ToLowerInvariant();
        if (kind == TrackerKinds.Local)
        {
            return Outcome<IIssueTracker>.Success(new LocalIssueTracker(Path.Combine(orchestratorDirectory, "issues"), timeProvider));
        }

        if (kind is not (TrackerKinds.GitHub or TrackerKinds.Gitea))
        {
            return Outcome<IIssueTracker>.Failure(ErrorCode.InvalidArgument,
                $"tracker.kind \"{options.Kind}\" is not supported. Use one of: {string.Join(", ", TrackerKinds.All)} (in .orchestrator/config.yaml).");
        }

        if (kind == TrackerKinds.GitHub && !TrackerFeatures.GitHubSupported)
        {
            return Outcome<IIssueTracker>.Failure(ErrorCode.InvalidArgument,
                "tracker.kind: github needs the managed build of orchestrator-mcp (its GitHub client, Octokit, is not in this native binary): " +
                "install the .NET tool (dotnet tool install -g Orchestrator.McpServer) or run it with dnx, or use tracker.kind: local or gitea.");
        }

        var repository = string.IsNullOrWhiteSpace(options.Repository) ? RemoteRepositoryName.FromRemoteUrl(originUrl) : options.Repository;
        var parts = (repository ?? "").Split('/', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length != 2)
        {
            var fromOrigin = string.IsNullOrWhiteSpace(options.Repository) ? " (and the origin remote names no owner/name)" : "";
            return Outcome<IIssueTracker>.Failure(ErrorCode.InvalidArgument,
                $"tracker.repository is \"{options.Repository}\"{fromOrigin} but the {kind} tracker needs owner/name, e.g. \"octo-org/web-app\". Set it in .orchestrator/config.yaml.");
        }

        var apiText = options.ApiUrl ?? (kind == TrackerKinds.GitHub ? TrackerOptions.GitHubDefaultApiUrl : null);
        if (apiText is null || !Uri.TryCreate(apiText, UriKind.Absolute, out var apiUrl) || apiUrl.Scheme is not ("https" or "http"))
        {
            return Outcome<IIssueTracker>.Failure(ErrorCode.InvalidArgument,
                $"tracker.api_url \"{apiText}\" is not an http(s) URL. Set it to the {kind} server, e.g. " +
                (kind == TrackerKinds.Gitea ? "\"https://gitea.example.com\"." : "\"https://api.github.com\" or \"https://ghe.example.com/api/v3\"."));
        }

        var names = options.EffectiveTokenEnv;
        var source = names.FirstOrDefault(n => !string.IsNullOrEmpty(environment(n)));
        if (source is null)
        {
            return Outcome<IIssueTracker>.Failure(ErrorCode.InvalidArgument,
                $"No token for the {kind} tracker: none of {string.Join(", ", names)} is set in the server's environment. Set one (or tracker.token_env), or use tracker.kind: local.");
        }

        var token = environment(source)!;
        IIssueTracker tracker = kind == TrackerKinds.GitHub && TrackerFeatures.GitHubSupported
            ? new GitHubIssueTracker(httpClient, apiUrl, parts[0], parts[1], token, source)
            : new GiteaIssueTracker(httpClient, apiUrl, parts[0], parts[1], token, source);
        return Outcome<IIssueTracker>.Success(tracker);
    }
}
