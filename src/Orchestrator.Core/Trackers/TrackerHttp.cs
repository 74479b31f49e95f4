using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Orchestrator.Core.Common;
using Orchestrator.Core.Processes;

namespace Orchestrator.Core.Trackers;

/// <summary>
/// The HTTP side of the Gitea tracker (GitHub goes through Octokit): the auth header, JSON in and out, and every failure (HTTP
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

    private string Describe(HttpResponseMessage response, string what, string text) =>
        new TrackerFailure((int)response.StatusCode, what, Mask(TrackerApiMessage.From(text)), Header(response, "x-ratelimit-remaining") == "0",
            response.Headers.RetryAfter is not null, RateLimitReset(response)).Describe(trackerName, tokenSource);

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

    private Outcome<JsonNode?> Fail(string message) => Outcome<JsonNode?>.Failure(ErrorCode.TrackerFailed, Mask(message));

    private string Mask(string text) => SecretMasker.Mask(text, [token]);
}
