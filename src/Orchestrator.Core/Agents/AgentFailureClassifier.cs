using System.Globalization;
using System.Text.RegularExpressions;

namespace Orchestrator.Core.Agents;

/// <summary>
/// Classifies a failed attempt from what the CLI said (claude's result text and api_error_status, codex's error
/// events, a runner's failure reason): infrastructure (rate or usage limit, auth, network, CLI missing) versus the
/// agent's own failure, and when the CLI says so, when to retry.
/// </summary>
public static partial class AgentFailureClassifier
{
    /// <summary>The class of a failure and the stated time to retry (null when the CLI did not say).</summary>
    public static (AgentFailureClass Class, DateTimeOffset? RetryAt) Classify(string? failureText, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(failureText))
        {
            return (AgentFailureClass.Agent, null);
        }

        var text = failureText;
        var kind = UsageLimit().IsMatch(text) ? AgentFailureClass.UsageLimit
            : RateLimit().IsMatch(text) ? AgentFailureClass.RateLimit
            : Auth().IsMatch(text) ? AgentFailureClass.Auth
            : Network().IsMatch(text) ? AgentFailureClass.Network
            : CliMissing().IsMatch(text) ? AgentFailureClass.CliMissing
            : AgentFailureClass.Agent;
        return (kind, kind == AgentFailureClass.Agent ? null : RetryAt(text, now));
    }

    /// <summary>Whether a failure of this class is the infrastructure's, not the agent's.</summary>
    public static bool IsInfrastructure(AgentFailureClass failureClass) => failureClass != AgentFailureClass.Agent;

    private static DateTimeOffset? RetryAt(string text, DateTimeOffset now)
    {
        if (RetryIn().Match(text) is { Success: true } relative
            && double.TryParse(relative.Groups["n"].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var amount))
        {
            var unit = relative.Groups["unit"].Value.ToLowerInvariant();
            var span = unit.StartsWith('h') ? TimeSpan.FromHours(amount) : unit.StartsWith('m') ? TimeSpan.FromMinutes(amount) : TimeSpan.FromSeconds(amount);
            return now + span;
        }

        if (ResetsAt().Match(text) is { Success: true } absolute
            && DateTimeOffset.TryParse(absolute.Groups["at"].Value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
        {
            return at;
        }

        return null;
    }

    [GeneratedRegex(@"usage limit|quota|credit balance|insufficient_quota|billing|limit reached|out of credits", RegexOptions.IgnoreCase)]
    private static partial Regex UsageLimit();

    [GeneratedRegex(@"\b(429|529)\b|rate[ _-]?limit|overloaded|too many requests|high demand", RegexOptions.IgnoreCase)]
    private static partial Regex RateLimit();

    [GeneratedRegex(@"\b(401|403)\b|authentication|unauthori[sz]ed|invalid[ _-]api[ _-]key|forbidden|not logged in|please run /login", RegexOptions.IgnoreCase)]
    private static partial Regex Auth();

    [GeneratedRegex(@"ECONNREFUSED|ENOTFOUND|ETIMEDOUT|ECONNRESET|EAI_AGAIN|network (is )?unreachable|connection refused|could not resolve host|failed to connect|connection error|stream disconnected", RegexOptions.IgnoreCase)]
    private static partial Regex Network();

    [GeneratedRegex(@"could not be started", RegexOptions.IgnoreCase)]
    private static partial Regex CliMissing();

    [GeneratedRegex(@"(?:try again|retry|retry-after:?)\s+(?:in|after)?\s*(?<n>\d+(?:\.\d+)?)\s*(?<unit>s|sec|secs|seconds?|m|min|mins|minutes?|h|hours?)\b", RegexOptions.IgnoreCase)]
    private static partial Regex RetryIn();

    [GeneratedRegex(@"(?:resets?|reset at|resets at|available again at)\s+(?:at\s+)?(?<at>\d{4}-\d{2}-\d{2}[T ][0-9:.]+(?:Z|[+-]\d{2}:?\d{2})?)", RegexOptions.IgnoreCase)]
    private static partial Regex ResetsAt();
}
