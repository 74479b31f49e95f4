namespace Orchestrator.Core.Trackers;

/// <summary>
/// An HTTP answer a tracker refused with, as both transports (Octokit for GitHub, <see cref="TrackerHttp"/> for Gitea)
/// see it: enough to tell a rate limit from a bad token and say when to try again.
/// </summary>
/// <param name="Status">The HTTP status.</param>
/// <param name="What">The request, e.g. <c>GET /repos/octo/web/labels</c>.</param>
/// <param name="Detail">The API's message (already masked), or empty.</param>
/// <param name="RemainingIsZero">True when <c>X-RateLimit-Remaining</c> was 0.</param>
/// <param name="HasRetryAfter">True when the answer carried <c>Retry-After</c>.</param>
/// <param name="ResetsAt">When the limit resets (<c>X-RateLimit-Reset</c> or <c>Retry-After</c>), when known.</param>
internal sealed record TrackerFailure(int Status, string What, string Detail, bool RemainingIsZero, bool HasRetryAfter, DateTimeOffset? ResetsAt)
{
    /// <summary>429, or a 403 that GitHub and Gitea use for primary and secondary rate limits.</summary>
    public bool IsRateLimit => Status == 429
        || (Status == 403 && (RemainingIsZero || HasRetryAfter || Detail.Contains("rate limit", StringComparison.OrdinalIgnoreCase)));

    /// <summary>What happened and what to do, for the close report.</summary>
    public string Describe(string trackerName, string tokenSource)
    {
        var detail = Detail.Length > 0 ? ": " + Detail : "";
        if (IsRateLimit)
        {
            return $"{trackerName} rate limit reached ({Status} for {What}{detail}). " +
                (ResetsAt is null ? "Wait a while" : $"It resets at {ResetsAt:u}; wait until then") + " and run close again (already filed issues are not filed twice).";
        }

        return Status switch
        {
            401 => $"{trackerName} refused the token (401 for {What}{detail}). Set a valid token in {tokenSource} and run close again.",
            403 => $"{trackerName} denied {What} (403{detail}). The token in {tokenSource} needs permission to create issues and labels in this repository.",
            404 => $"{trackerName} does not know {What} (404{detail}). Check tracker.repository (owner/name) and tracker.api_url, and that the token can see the repository.",
            >= 500 => $"{trackerName} failed with a server error ({Status} for {What}{detail}). Try close again later.",
            _ => $"{trackerName} answered {Status} for {What}{detail}. Check tracker settings in .orchestrator/config.yaml.",
        };
    }
}
