using System.Globalization;
using Octokit;
using Orchestrator.Core.Common;
using Orchestrator.Core.Processes;

namespace Orchestrator.Core.Trackers;

/// <summary>
/// Runs one Octokit call and turns what it throws into a <see cref="ErrorCode.TrackerFailed"/> outcome with the same
/// texts the Gitea tracker gives: <see cref="RateLimitExceededException"/> (and a 429 or secondary limit) names the
/// reset time, an <see cref="ApiException"/> its status, network failures and timeouts the URL. Every text is masked.
/// </summary>
internal sealed class GitHubFailures(Uri apiBase, string token, string tokenSource)
{
    private const string Tracker = "GitHub";

    public async Task<Outcome<T>> RunAsync<T>(string what, Func<Task<T>> call, CancellationToken cancellationToken)
    {
        var path = what.Split(' ', 2);
        what = $"{path[0]} {new Uri(apiBase, path[1].TrimStart('/')).AbsolutePath}";
        try
        {
            return Outcome<T>.Success(await call().ConfigureAwait(false));
        }
        catch (RateLimitExceededException ex)
        {
            return Fail<T>(new TrackerFailure((int)ex.StatusCode, what, Detail(ex), ex.Remaining == 0, false, ex.Reset).Describe(Tracker, tokenSource));
        }
        catch (ApiException ex) when (ex.HttpResponse is not null)
        {
            var headers = ex.HttpResponse.Headers;
            return Fail<T>(new TrackerFailure((int)ex.StatusCode, what, Detail(ex), Header(headers, "X-RateLimit-Remaining") == "0",
                Header(headers, "Retry-After") is not null, ResetsAt(headers)).Describe(Tracker, tokenSource));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Fail<T>($"{Tracker} did not answer {what} in time. Check tracker.api_url and the network, then run close again.");
        }
        catch (HttpRequestException ex)
        {
            return Fail<T>($"{Tracker} could not be reached for {what} ({ex.Message}). Check tracker.api_url ({apiBase}) and the network, then run close again.");
        }
        catch (ApiException ex)
        {
            return Fail<T>($"{Tracker} answered {what} with something Octokit could not read ({ex.Message}). Check tracker.api_url points at the REST API.");
        }
    }

    private string Detail(ApiException ex) => Mask(TrackerApiMessage.From(ex.HttpResponse?.Body as string) is { Length: > 0 } body ? body : ex.Message);

    private static DateTimeOffset? ResetsAt(IReadOnlyDictionary<string, string> headers)
    {
        if (Header(headers, "X-RateLimit-Reset") is { } reset && long.TryParse(reset, NumberStyles.None, CultureInfo.InvariantCulture, out var epoch))
        {
            return DateTimeOffset.FromUnixTimeSeconds(epoch);
        }

        var retryAfter = Header(headers, "Retry-After");
        if (long.TryParse(retryAfter, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return DateTimeOffset.UtcNow.AddSeconds(seconds);
        }

        return DateTimeOffset.TryParse(retryAfter, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date) ? date : null;
    }

    private static string? Header(IReadOnlyDictionary<string, string> headers, string name) =>
        headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;

    private Outcome<T> Fail<T>(string message) => Outcome<T>.Failure(ErrorCode.TrackerFailed, Mask(message));

    private string Mask(string text) => SecretMasker.Mask(text, [token]);
}
