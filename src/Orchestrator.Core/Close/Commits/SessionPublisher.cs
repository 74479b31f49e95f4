using Orchestrator.Core.Common;
using Orchestrator.Core.Git;
using Orchestrator.Core.Options;

namespace Orchestrator.Core.Close.Commits;

/// <summary>
/// When push is asked for: pushes the session branch to the push remote, then mirrors it (when a different mirror
/// remote is configured). Nothing is pushed after a blocked or failed commit; a dry run says what would be pushed.
/// </summary>
public sealed class SessionPublisher(IGit git)
{
    public async Task<IReadOnlyList<PushRecord>> PublishAsync(CloseOptions options, CloseRequest request, string workTree, string? branch, CommitStatus commitStatus,
        ICollection<string> problems, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(problems);
        if (!request.Push || branch is null)
        {
            return [];
        }

        if (request.DryRun)
        {
            return options.MirrorRemote.Length > 0
                ? [new PushRecord(options.PushRemote, branch, "push", PushStatus.WouldPush, "dry run"), new PushRecord(options.MirrorRemote, branch, "mirror", PushStatus.WouldPush, "dry run (when the remote exists)")]
                : [new PushRecord(options.PushRemote, branch, "push", PushStatus.WouldPush, "dry run")];
        }

        if (commitStatus is CommitStatus.Blocked or CommitStatus.Failed or CommitStatus.AwaitingApproval)
        {
            return [new PushRecord(options.PushRemote, branch, "push", PushStatus.Skipped, $"not pushed: commit {commitStatus.ToSnakeCase()}")];
        }

        var publisher = new RemotePublisher(git);
        var pushes = new List<PushRecord> { await publisher.PushAsync(workTree, options.PushRemote, branch, "push", cancellationToken).ConfigureAwait(false) };
        if (options.MirrorRemote.Length > 0 && options.MirrorRemote != options.PushRemote)
        {
            pushes.Add(await publisher.PushAsync(workTree, options.MirrorRemote, branch, "mirror", cancellationToken).ConfigureAwait(false));
        }

        foreach (var failed in pushes.Where(p => p.Status == PushStatus.Failed))
        {
            problems.Add(failed.Message);
        }

        return pushes;
    }
}
