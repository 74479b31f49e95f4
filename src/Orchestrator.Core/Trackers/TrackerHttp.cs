using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Orchestrator.Core.Common;
using Orchestrator.Core.Processes;

namespace Orchestrator.Core.Trackers;

/// <summary>
/// The HTTP side shared by the GitHub and Gitea trackers: the auth header, JSON in and out, and every failure (HTTP
/// status, rate limit, network, timeout) turned into a message that says what happened and what to do. The token is
/// only ever put in the Authorization header and is masked out of any text that leaves this class.
/// </summary>
internal sealed class TrackerHttp(HttpClient client, Uri apiBase, string authorization, string token, string trackerName, string tokenSource)
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    public async Task<Outcome<JsonNode?>> SendAsync(HttpMethod method, string relativePath, JsonNode? body, CancellationToken cancellationToken)
    {
        var uri = new Uri(apiBase, relativePath);
        using var request = new HttpRequestMessage(method, uri);
        request.Headers.Authorization = AuthenticationHeaderValue.Parse(authorization);
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.UserAgent.ParseAdd("orchestrator-mcp/0.1");
        if (trackerName == "GitHub")
        {
            request.Headers.Accept.Clear();
            request.Headers.Accept.ParseAdd("application/vnd.github+json");
            request.Headers.Add("X-GitHub-Api-Version", "2022-11-28");
        }

        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        var what = $"{method} {uri.AbsolutePath}";
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(RequestTimeout);
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token).ConfigureAwait(false);
            var text = await response.Content.ReadAsStringAsync(timeout.Token).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                try
                {
                    return Outcome<JsonNode?>.Success(string.IsNullOrWhiteSpace(text) ? null : JsonNode.Parse(text));
                }
                catch (JsonException ex)
                {
                    return Fail($"{trackerName} answered {what} with a body that is not JSON ({ex.Message}). Check tracker.api_url points at the REST API.");
                }
            }

            return Fail(Describe(response, what, text));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Fail($"{trackerName} did not answer {what} within {RequestTimeout.TotalSeconds:0} s. Check tracker.api_url and the network, then run close again.");
        }
        catch (HttpRequestException ex)
        {
            return Fail($"{trackerName} could not be reached for {what} ({ex.Message}). Check tracker.api_url ({apiBase}) and the network, then run close again.");
        }
    }

    private string Describe(HttpResponseMessage response, string what, string text)
    {
        var status = (int)response.StatusCode;
        var detail = ApiMessage(text);
        var remaining = Header(response, "x-ratelimit-remaining");
        var rateLimited = response.StatusCode == HttpStatusCode.TooManyRequests
            || (response.StatusCode == HttpStatusCode.Forbidden && (remaining == "0" || response.Headers.RetryAfter is not null
                || detail.Contains("rate limit", StringComparison.OrdinalIgnoreCase)));
        if (rateLimited)
        {
            var until = RateLimitReset(response);
            return $"{trackerName} rate limit reached ({status} for {what}{(detail.Length > 0 ? ": " + detail : "")}). " +
                (until is null ? "Wait a while" : $"It resets at {until:u}; wait until then") + " and run close again (already filed issues are not filed twice).";
        }

        return status switch
        {
            401 => $"{trackerName} refused the token (401 for {what}{(detail.Length > 0 ? ": " + detail : "")}). Set a valid token in {tokenSource} and run close again.",
            403 => $"{trackerName} denied {what} (403{(detail.Length > 0 ? ": " + detail : "")}). The token in {tokenSource} needs permission to create issues and labels in this repository.",
            404 => $"{trackerName} does not know {what} (404{(detail.Length > 0 ? ": " + detail : "")}). Check tracker.repository (owner/name) and tracker.api_url, and that the token can see the repository.",
            >= 500 => $"{trackerName} failed with a server error ({status} for {what}{(detail.Length > 0 ? ": " + detail : "")}). Try close again later.",
            _ => $"{trackerName} answered {status} for {what}{(detail.Length > 0 ? ": " + detail : "")}. Check tracker settings in .orchestrator/config.yaml.",
        };
    }

    private static DateTimeOffset? RateLimitReset(HttpResponseMessage response)
    {
        if (Header(response, "x-ratelimit-reset") is { } reset && long.TryParse(reset, NumberStyles.None, CultureInfo.InvariantCulture, out var epoch))
        {
            return DateTimeOffset.FromUnixTimeSeconds(epoch);
        }

        if (response.Headers.RetryAfter?.Delta is { } delta)
        {
            return DateTimeOffset.UtcNow + delta;
        }

        return response.Headers.RetryAfter?.Date;
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    private string ApiMessage(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return "";
        }

        try
        {
            if (JsonNode.Parse(text) is JsonObject obj && obj["message"] is JsonValue message && message.TryGetValue<string>(out var value))
            {
                return Mask(value);
            }
        }
        catch (JsonException)
        {
        }

        var trimmed = text.Trim();
        return Mask(trimmed.Length > 200 ? trimmed[..200] + "..." : trimmed);
    }

    private Outcome<JsonNode?> Fail(string message) => Outcome<JsonNode?>.Failure(ErrorCode.TrackerFailed, Mask(message));

    private string Mask(string text) => SecretMasker.Mask(text, [token]);
}
