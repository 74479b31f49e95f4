using System.Text.Json.Nodes;
using Orchestrator.Core.Common;

namespace Orchestrator.Core.Trackers;

/// <summary>
/// GitHub issues over the REST API (Octokit does not restore here): search for the marker, ensure the labels exist,
/// create the issue. The base URL is configurable for GitHub Enterprise (<c>https://&lt;host&gt;/api/v3</c>).
/// </summary>
public sealed class GitHubIssueTracker : IIssueTracker
{
    private readonly TrackerHttp _http;
    private readonly string _owner;
    private readonly string _name;

    public GitHubIssueTracker(HttpClient client, Uri apiBase, string owner, string name, string token, string tokenSource)
    {
        ArgumentNullException.ThrowIfNull(apiBase);
        _http = new TrackerHttp(client, WithSlash(apiBase), $"Bearer {token}", token, "GitHub", tokenSource);
        _owner = owner;
        _name = name;
    }

    /// <inheritdoc />
    public string Kind => "github";

    private string RepoPath => $"repos/{Uri.EscapeDataString(_owner)}/{Uri.EscapeDataString(_name)}";

    /// <inheritdoc />
    public async Task<Outcome<TrackedIssue?>> FindOpenByMarkerAsync(string marker, CancellationToken cancellationToken)
    {
        var query = $"\"{marker}\" repo:{_owner}/{_name} is:issue is:open in:body";
        var found = await _http.SendAsync(HttpMethod.Get, $"search/issues?q={Uri.EscapeDataString(query)}&per_page=20", null, cancellationToken).ConfigureAwait(false);
        if (!found.Succeeded)
        {
            return found.Error;
        }

        // The search matches words; the body check makes sure it is really our marker.
        var items = found.Value?["items"] as JsonArray ?? [];
        var match = items.OfType<JsonObject>().FirstOrDefault(i => (i["body"]?.GetValue<string>() ?? "").Contains(marker, StringComparison.Ordinal));
        return Outcome<TrackedIssue?>.Success(match is null ? null : ToIssue(match));
    }

    /// <inheritdoc />
    public async Task<Outcome<TrackedIssue>> CreateAsync(IssueDraft draft, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var labels = await _http.SendAsync(HttpMethod.Get, $"{RepoPath}/labels?per_page=100", null, cancellationToken).ConfigureAwait(false);
        if (!labels.Succeeded)
        {
            return labels.Error;
        }

        var existing = (labels.Value as JsonArray ?? []).OfType<JsonObject>()
            .Select(l => l["name"]?.GetValue<string>()).OfType<string>().ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var label in draft.Labels.Where(l => !existing.Contains(l)))
        {
            var made = await _http.SendAsync(HttpMethod.Post, $"{RepoPath}/labels",
                new JsonObject { ["name"] = label, ["color"] = LabelColors.For(label) }, cancellationToken).ConfigureAwait(false);
            if (!made.Succeeded)
            {
                return made.Error;
            }
        }

        var created = await _http.SendAsync(HttpMethod.Post, $"{RepoPath}/issues",
            new JsonObject
            {
                ["title"] = draft.Title,
                ["body"] = draft.Body,
                ["labels"] = new JsonArray(draft.Labels.Select(l => (JsonNode?)JsonValue.Create(l)).ToArray()),
            }, cancellationToken).ConfigureAwait(false);
        if (!created.Succeeded)
        {
            return created.Error;
        }

        return created.Value is JsonObject issue
            ? Outcome<TrackedIssue>.Success(ToIssue(issue) with { Labels = draft.Labels })
            : Outcome<TrackedIssue>.Failure(ErrorCode.TrackerFailed, "GitHub created the issue but answered without it. Check the repository's issues before running close again.");
    }

    private static TrackedIssue ToIssue(JsonObject issue) => new(
        issue["number"]?.GetValue<int>() ?? 0,
        issue["title"]?.GetValue<string>() ?? "",
        issue["html_url"]?.GetValue<string>() ?? "",
        []);

    internal static Uri WithSlash(Uri uri) => uri.AbsoluteUri.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");
}
