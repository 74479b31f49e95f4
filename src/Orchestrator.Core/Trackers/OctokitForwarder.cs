using System.Net.Http.Headers;

namespace Orchestrator.Core.Trackers;

/// <summary>
/// The handler under Octokit's <c>HttpClientAdapter</c>: it sends each request Octokit built through our
/// <see cref="HttpClient"/> (the typed client DI hands the tracker factory), so sockets stay pooled while Octokit keeps
/// its own response parsing (pagination links, rate-limit headers, errors). The token never reaches Octokit's
/// credential store: this handler adds it to each request's Authorization header, and only there.
/// </summary>
internal sealed class OctokitForwarder(HttpClient client, string token) : HttpMessageHandler
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    // Octokit's issue and label calls take no CancellationToken; the tracker sets the caller's token here around each call
    // (an AsyncLocal flows into Octokit's awaits, and calls on other flows keep their own).
    private static readonly AsyncLocal<CancellationToken> CallCancellation = new();

    /// <summary>Makes <paramref name="cancellationToken"/> cancel the requests Octokit sends on this async flow.</summary>
    public static void CancelWith(CancellationToken cancellationToken) => CallCancellation.Value = cancellationToken;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        // HttpClient refuses a message another HttpClient (Octokit's) already sent: forward a copy.
        var copy = new HttpRequestMessage(request.Method, request.RequestUri) { Content = request.Content, Version = request.Version };
        foreach (var (name, values) in request.Headers)
        {
            copy.Headers.TryAddWithoutValidation(name, values);
        }

        copy.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (!copy.Headers.Contains("X-GitHub-Api-Version"))
        {
            copy.Headers.Add("X-GitHub-Api-Version", "2022-11-28");
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, CallCancellation.Value);
        linked.CancelAfter(RequestTimeout);
        return await client.SendAsync(copy, HttpCompletionOption.ResponseContentRead, linked.Token).ConfigureAwait(false);
    }
}
