using System.Text.Json.Nodes;
using Orchestrator.Core.Common;

namespace Orchestrator.Core.Trackers;

/// <summary>
/// Gitea issues over its REST API (<c>/api/v1</c>): issues are searched by keyword, labels are referred to by id
/// and created when missing.
/// </summary>
public sealed class GiteaIssueTracker : IIssueTracker
{
    private readonly TrackerHttp _http;
    private readonly string _owner;
    private readonly string _name;

    /// <param name="client">The HTTP client.</param>
    /// <param name="serverUrl">The Gitea server (e.g. <c>https://gitea.example.com</c>); <c>/api/v1</c> is added unless present.</param>
    /// <param name="owner">Repository owner.</param>
    /// <param name="name">Repository name.</param>
    /// <param name="token">Access token.</param>
    /// <param name="tokenSource">Where the token came from, for messages.</param>
    public GiteaIssueTracker(HttpClient client, Uri serverUrl, string owner, string name, string token, string tokenSource)
    {
        ArgumentNullException.ThrowIfNull(serverUrl);
        var baseText = serverUrl.AbsoluteUri.TrimEnd('/');
        if (!baseText.EndsWith("/api/v1", StringComparison.Ordinal))
        {
            baseText += "/api/v1";
        }

        _http = new TrackerHttp(client, new Uri(baseText + "/"), $"token {token}", token, "Gitea", tokenSource);
        _owner = owner;
        _name = name;
    }

    /// <inheritdoc />
    public string Kind => "gitea";

    private string RepoPath => $"repos/{Uri.EscapeDataString(_owner)}/{Uri.EscapeDataString(_name)}";

    /// <inheritdoc />
    public async Task<Outcome<TrackedIssue?>> FindOpenByMarkerAsync(string marker, CancellationToken cancellationToken)
    {
        var found = await _http.SendAsync(HttpMethod.Get, $"{RepoPath}/issues?state=open&type=issues&limit=50&q={Uri.EscapeDataString(marker)}", null, cancellationToken).ConfigureAwait(false);
        if (!found.Succeeded)
        {
            return found.Error;
        }

        var match = (found.Value as JsonArray ?? []).OfType<JsonObject>()
            .FirstOrDefault(i => (i["body"]?.GetValue<string>() ?? "").Contains(marker, StringComparison.Ordinal));
        return Outcome<TrackedIssue?>.Success(match is null ? null : ToIssue(match));
    }

    /// <inheritdoc />
    public async Task<Outcome<TrackedIssue>> CreateAsync(IssueDraft draft, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var listed = await _http.SendAsync(HttpMethod.Get, $"{RepoPath}/labels?limit=100", null, cancellationToken).ConfigureAwait(false);
        if (!listed.Succeeded)
        {
            return listed.Error;
        }

        var ids = new Dictionary<string, long>(StringComparer.OrdinalIgnoreCase);
        foreach (var label in (listed.Value as JsonArray ?? []).OfType<JsonObject>())
        {
            if (label["name"]?.GetValue<string>() is { } name && label["id"] is JsonValue id)
            {
                ids[name] = id.GetValue<long>();
            }
        }

        var labelIds = new List<long>();
        foreach (var label in draft.Labels)
        {
            if (!ids.TryGetValue(label, out var id))
            {
                var made = await _http.SendAsync(HttpMethod.Post, $"{RepoPath}/labels",
                    new JsonObject { ["name"] = label, ["color"] = "#" + LabelColors.For(label) }, cancellationToken).ConfigureAwait(false);
                if (!made.Succeeded)
                {
                    return made.Error;
                }

                id = made.Value?["id"]?.GetValue<long>() ?? 0;
                ids[label] = id;
            }

            labelIds.Add(id);
        }

        var created = await _http.SendAsync(HttpMethod.Post, $"{RepoPath}/issues",
            new JsonObject
            {
                ["title"] = draft.Title,
                ["body"] = draft.Body,
                ["labels"] = new JsonArray(labelIds.Select(i => (JsonNode?)JsonValue.Create(i)).ToArray()),
            }, cancellationToken).ConfigureAwait(false);
        if (!created.Succeeded)
        {
            return created.Error;
        }

        return created.Value is JsonObject issue
            ? Outcome<TrackedIssue>.Success(ToIssue(issue) with { Labels = draft.Labels })
            : Outcome<TrackedIssue>.Failure(ErrorCode.TrackerFailed, "Gitea created the issue but answered without it. Check the repository's issues before running close again.");
    }

    private static TrackedIssue ToIssue(JsonObject issue) => new(
        issue["number"]?.GetValue<int>() ?? 0,
        issue["title"]?.GetValue<string>() ?? "",
        issue["html_url"]?.GetValue<string>() ?? "",
        []);
}
