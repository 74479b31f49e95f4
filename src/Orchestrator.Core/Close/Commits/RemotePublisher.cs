using System.Text.RegularExpressions;
using Orchestrator.Core.Git;

namespace Orchestrator.Core.Close.Commits;

/// <summary>Pushes the session branch to the push remote and mirrors it to a second remote when that exists. Never force-pushes.</summary>
public sealed partial class RemotePublisher(IGit git)
{
    /// <summary>Pushes <paramref name="branch"/> to <paramref name="remote"/>; <paramref name="kind"/> is "push" or "mirror".</summary>
    public async Task<PushRecord> PushAsync(string workTree, string remote, string branch, string kind, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(remote))
        {
            return new PushRecord(remote, branch, kind, PushStatus.Skipped, $"no {kind} remote configured");
        }

        var url = await git.RunAsync(workTree, ["remote", "get-url", "--", remote], cancellationToken).ConfigureAwait(false);
        if (!url.Succeeded)
        {
            return new PushRecord(remote, branch, kind, PushStatus.Skipped,
                kind == "mirror" ? $"remote '{remote}' is not configured (add it with git remote add {remote} <url> to mirror)" : $"remote '{remote}' does not exist: add it (git remote add {remote} <url>) or set close.push_remote");
        }

        // An explicit refspec and no --force: a rejected (non-fast-forward) push is reported, never overwritten.
        var pushed = await git.RunAsync(workTree, ["push", "--porcelain", remote, $"refs/heads/{branch}:refs/heads/{branch}"], cancellationToken).ConfigureAwait(false);
        var message = StripCredentials((pushed.StandardOutput + "\n" + pushed.StandardError).Trim());
        return pushed.Succeeded
            ? new PushRecord(remote, branch, kind, PushStatus.Pushed, message)
            : new PushRecord(remote, branch, kind, PushStatus.Failed, $"git push {remote} {branch} failed (nothing was forced): {message}");
    }

    /// <summary>Removes user:token@ from URLs in git's output.</summary>
    public static string StripCredentials(string text) => Credentials().Replace(text, "://***@");

    [GeneratedRegex(@"://[^/@\s]+@")]
    private static partial Regex Credentials();
}
