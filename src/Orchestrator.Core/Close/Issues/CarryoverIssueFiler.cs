using System.Text.Json;
using Microsoft.Extensions.Logging;
using Orchestrator.Core.Common;
using Orchestrator.Core.Git;
using Orchestrator.Core.Options;
using Orchestrator.Core.Sessions;
using Orchestrator.Core.Trackers;

namespace Orchestrator.Core.Close.Issues;

/// <summary>
/// Files close's issues in the configured tracker, once each (an open issue with the same marker is reused). A tracker
/// that fails is reported once and not asked again in this close; close goes on either way.
/// </summary>
public sealed partial class CarryoverIssueFiler(IGit git, IssueTrackerFactory trackers, ILogger logger)
{
    public async Task<IReadOnlyList<IssueRecord>> FileAsync(ProjectContext project, OrchestratorOptions options, IReadOnlyList<PendingIssue> drafts, CloseRequest request,
        ICollection<string> problems, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(drafts);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(problems);
        if (drafts.Count == 0)
        {
            return [];
        }

        if (!request.CreateIssues)
        {
            return drafts.Select(d => d.Record(IssueStatus.Skipped)).ToList();
        }

        var tracker = trackers.Create(options.Tracker, project.OrchestratorDirectory, await OriginUrlAsync(project, options, cancellationToken).ConfigureAwait(false));
        if (!tracker.Succeeded)
        {
            problems.Add($"Issues not filed: {tracker.Error.Message}");
            return drafts.Select(d => d.Record(IssueStatus.Failed, error: tracker.Error.Message)).ToList();
        }

        var records = new List<IssueRecord>();
        string? trackerDown = null;
        foreach (var draft in drafts)
        {
            records.Add(trackerDown is null
                ? await FileOneAsync(tracker.Value, draft, request.DryRun, cancellationToken).ConfigureAwait(false)
                // One outage is reported once; the rest are not attempted against a tracker that just failed.
                : draft.Record(IssueStatus.Failed, error: trackerDown));
            trackerDown ??= records[^1].Status == IssueStatus.Failed ? records[^1].Error : null;
        }

        if (trackerDown is not null)
        {
            LogTrackerFailed(tracker.Value.Kind, trackerDown);
            problems.Add($"{records.Count(r => r.Status == IssueStatus.Failed)} issue(s) not filed in the {tracker.Value.Kind} tracker: {trackerDown}");
        }

        return records;
    }

    private async Task<IssueRecord> FileOneAsync(IIssueTracker tracker, PendingIssue draft, bool dryRun, CancellationToken cancellationToken)
    {
        var existing = await Guarded(() => tracker.FindOpenByMarkerAsync(draft.Draft.Marker, cancellationToken)).ConfigureAwait(false);
        if (!existing.Succeeded)
        {
            return draft.Record(IssueStatus.Failed, error: existing.Error.Message);
        }

        if (existing.Value is { } found)
        {
            return draft.Record(IssueStatus.Exists, found);
        }

        if (dryRun)
        {
            return draft.Record(IssueStatus.WouldCreate);
        }

        var created = await Guarded(() => tracker.CreateAsync(draft.Draft, cancellationToken)).ConfigureAwait(false);
        if (!created.Succeeded)
        {
            return draft.Record(IssueStatus.Failed, error: created.Error.Message);
        }

        LogIssueFiled(tracker.Kind, created.Value.Number, draft.Draft.Title);
        return draft.Record(IssueStatus.Created, created.Value);
    }

    /// <summary>Without tracker.repository, a GitHub/Gitea tracker files to the repository origin points at.</summary>
    private async Task<string?> OriginUrlAsync(ProjectContext project, OrchestratorOptions options, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(options.Tracker.Repository) || string.Equals(options.Tracker.Kind ?? TrackerKinds.Local, TrackerKinds.Local, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var origin = await git.RunAsync(project.MainWorkTreeRoot, ["remote", "get-url", "origin"], cancellationToken).ConfigureAwait(false);
        return origin.Succeeded ? origin.StandardOutput.Trim() : null;
    }

    /// <summary>A tracker that answers in an unexpected shape is a failure to report, not a crash of close.</summary>
    private static async Task<Outcome<T>> Guarded<T>(Func<Task<Outcome<T>>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException or JsonException or HttpRequestException or IOException)
        {
            return Outcome<T>.Failure(ErrorCode.TrackerFailed, $"the tracker's answer could not be used ({ex.GetType().Name}: {ex.Message}). Check tracker.api_url and tracker.kind.");
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Filed issue #{Number} in the {Tracker} tracker: {Title}")]
    private partial void LogIssueFiled(string tracker, int number, string title);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The {Tracker} tracker failed; close goes on without filing: {Reason}")]
    private partial void LogTrackerFailed(string tracker, string reason);
}
