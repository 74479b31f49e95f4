using System.Globalization;
using Orchestrator.Core.Common;

namespace Orchestrator.Core.Sessions;

/// <summary>
/// Text limits of <c>session_start</c>: the description is stored in STATE.md and repeated in every later start's
/// list of resumable sessions, so a megabyte description would weigh on every answer. Documented in docs/reliability.md.
/// </summary>
public static class SessionStartLimits
{
    public const int MaxDescriptionLength = 20_000;
    public const int MaxBaseNameLength = 200;
    public const int MaxIssues = 50;
    public const int MaxIssueLength = 200;

    /// <summary>Null when the request is within the limits; else a refusal naming the argument and the limit.</summary>
    public static string? Problem(SessionStartRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Description.Length > MaxDescriptionLength)
        {
            return Over("description", request.Description.Length, MaxDescriptionLength, "characters", "describe the feature in a few paragraphs; the spec phase adds the detail");
        }

        if (request.BaseName?.Length > MaxBaseNameLength)
        {
            return Over("base_name", request.BaseName.Length, MaxBaseNameLength, "characters", "a few plain words name the branch");
        }

        if (request.Issues.Count > MaxIssues)
        {
            return Over("issues", request.Issues.Count, MaxIssues, "entries", "name the issues the work comes from, e.g. [\"#12\"]");
        }

        return request.Issues.FirstOrDefault(i => i is null || i.Length > MaxIssueLength) is { } issue
            ? $"issues holds {InputEcho.Quote(issue, 80)}: each entry is an issue reference of at most {MaxIssueLength} characters, e.g. \"#12\""
            : null;
    }

    private static string Over(string argument, int found, int limit, string unit, string fix) =>
        string.Create(CultureInfo.InvariantCulture, $"{argument} has {found:N0} {unit}, over the limit of {limit:N0}: {fix}.");
}
