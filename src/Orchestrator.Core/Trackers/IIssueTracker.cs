using Orchestrator.Core.Common;

namespace Orchestrator.Core.Trackers;

/// <summary>
/// An issue tracker close files carryover issues into: the local Markdown tracker, GitHub or Gitea. HTTP errors and
/// rate limits are <see cref="ErrorCode.TrackerFailed"/> outcomes naming the cause, never exceptions.
/// </summary>
public interface IIssueTracker
{
    /// <summary><c>local</c>, <c>github</c> or <c>gitea</c>.</summary>
    string Kind { get; }

    /// <summary>The open issue whose body carries <paramref name="marker"/>, or null when there is none.</summary>
    Task<Outcome<TrackedIssue?>> FindOpenByMarkerAsync(string marker, CancellationToken cancellationToken);

    /// <summary>Files the issue; labels missing in the tracker are created first where the tracker needs that.</summary>
    Task<Outcome<TrackedIssue>> CreateAsync(IssueDraft draft, CancellationToken cancellationToken);
}
