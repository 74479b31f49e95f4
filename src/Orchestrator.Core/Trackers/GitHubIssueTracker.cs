using Octokit;
using Octokit.Internal;
using Orchestrator.Core.Common;

namespace Orchestrator.Core.Trackers;

/// <summary>
/// GitHub issues through Octokit: search for the marker (page by page), ensure the labels exist (Octokit follows the
/// <c>Link</c> pages), create the issue. The base URL is configurable for GitHub Enterprise
/// (<c>https://&lt;host&gt;/api/v3</c>) and used exactly as given. Octokit's exceptions become
/// <see cref="ErrorCode.TrackerFailed"/> outcomes through <see cref="GitHubFailures"/>.
/// </summary>
public sealed class GitHubIssueTracker : IIssueTracker
{
    // The search API serves at most 1,000 results; a marker is specific enough that a few pages settle it.
    private const int SearchPageSize = 20;
    private const int MaxSearchPages = 10;

    private readonly GitHubClient _client;
    private readonly GitHubFailures _failures;
    private readonly string _owner;
    private readonly string _name;

    public GitHubIssueTracker(HttpClient client, Uri apiBase, string owner, string name, string token, string tokenSource)
    {
        ArgumentNullException.ThrowIfNull(apiBase);
        var baseAddress = WithSlash(apiBase);
        // Connection, not GitHubClient(Uri): that constructor rewrites a non-github.com address to "<host>/api/v3/",
        // while tracker.api_url already names the API root (and a proxy or test server may serve it elsewhere).
        var connection = new Connection(new ProductHeaderValue("orchestrator-mcp", "0.1"), baseAddress,
            new InMemoryCredentialStore(Credentials.Anonymous), new HttpClientAdapter(() => new OctokitForwarder(client, token)), new SimpleJsonSerializer());
        _client = new GitHubClient(connection);
        _failures = new GitHubFailures(baseAddress, token, tokenSource);
        _owner = owner;
        _name = name;
    }

    /// <inheritdoc />
    public string Kind => "github";

    private string RepoPath => $"repos/{Uri.EscapeDataString(_owner)}/{Uri.EscapeDataString(_name)}";

    /// <inheritdoc />
    public async Task<Outcome<TrackedIssue?>> FindOpenByMarkerAsync(string marker, CancellationToken cancellationToken)
    {
        OctokitForwarder.CancelWith(cancellationToken);
        // The whole query as the term (no Octokit qualifiers) so it reaches GitHub exactly as written.
        var query = $"\"{marker}\" repo:{_owner}/{_name} is:issue is:open in:body";
        for (var page = 1; page <= MaxSearchPages; page++)
        {
            var request = new SearchIssuesRequest(query) { Page = page, PerPage = SearchPageSize };
            var found = await _failures.RunAsync("GET /search/issues", () => _client.Search.SearchIssues(request), cancellationToken).ConfigureAwait(false);
            if (!found.Succeeded)
            {
                return found.Error;
            }

            // The search matches words; the body check makes sure it is really our marker.
            var match = found.Value!.Items.FirstOrDefault(i => (i.Body ?? "").Contains(marker, StringComparison.Ordinal));
            if (match is not null)
            {
                return Outcome<TrackedIssue?>.Success(ToIssue(match));
            }

            if (found.Value.Items.Count < SearchPageSize || page * SearchPageSize >= found.Value.TotalCount)
            {
                break;
            }
        }

        return Outcome<TrackedIssue?>.Success(null);
    }

    /// <inheritdoc />
    public async Task<Outcome<TrackedIssue>> CreateAsync(IssueDraft draft, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        OctokitForwarder.CancelWith(cancellationToken);
        var labels = await _failures.RunAsync($"GET /{RepoPath}/labels",
            () => _client.Issue.Labels.GetAllForRepository(_owner, _name, new ApiOptions { PageSize = 100 }), cancellationToken).ConfigureAwait(false);
        if (!labels.Succeeded)
        {
            return labels.Error;
        }

        var existing = labels.Value!.Select(l => l.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var label in draft.Labels.Where(l => !existing.Contains(l)))
        {
            var made = await _failures.RunAsync($"POST /{RepoPath}/labels",
                () => _client.Issue.Labels.Create(_owner, _name, new NewLabel(label, LabelColors.For(label))), cancellationToken).ConfigureAwait(false);
            if (!made.Succeeded)
            {
                return made.Error;
            }
        }

        var issue = new NewIssue(draft.Title) { Body = draft.Body };
        foreach (var label in draft.Labels)
        {
            issue.Labels.Add(label);
        }

        var created = await _failures.RunAsync($"POST /{RepoPath}/issues", () => _client.Issue.Create(_owner, _name, issue), cancellationToken).ConfigureAwait(false);
        if (!created.Succeeded)
        {
            return created.Error;
        }

        return created.Value is { } filed
            ? Outcome<TrackedIssue>.Success(ToIssue(filed) with { Labels = draft.Labels })
            : Outcome<TrackedIssue>.Failure(ErrorCode.TrackerFailed, "GitHub created the issue but answered without it. Check the repository's issues before running close again.");
    }

    private static TrackedIssue ToIssue(Issue issue) => new(issue.Number, issue.Title ?? "", issue.HtmlUrl ?? "", []);

    internal static Uri WithSlash(Uri uri) => uri.AbsoluteUri.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");
}
