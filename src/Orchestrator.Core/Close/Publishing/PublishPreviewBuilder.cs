using System.Security.Cryptography;
using System.Text;
using Orchestrator.Core.Close.Commits;
using Orchestrator.Core.Git;
using Orchestrator.Core.Options;

namespace Orchestrator.Core.Close.Publishing;

/// <summary>
/// Builds the <see cref="PublishPreview"/> from the commits close plans and the remotes it would push to. The digest
/// covers the branch, its HEAD, each commit's subject and files with their contents' hashes, and the remotes; not the
/// message bodies, whose issue references are filled in when close files the issues.
/// </summary>
public sealed class PublishPreviewBuilder(IGit git)
{
    private const int MaxUnpushedListed = 20;

    public async Task<PublishPreview> BuildAsync(CloseOptions options, CloseRequest request, string workTree, string branch, IReadOnlyList<CommitGroup> planned,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(planned);
        var commits = request.Commit ? planned : [];
        var remotes = new List<string>();
        if (request.Push)
        {
            remotes.Add(options.PushRemote);
            if (options.MirrorRemote.Length > 0 && options.MirrorRemote != options.PushRemote
                && (await git.RunAsync(workTree, ["remote", "get-url", "--", options.MirrorRemote], cancellationToken).ConfigureAwait(false)).Succeeded)
            {
                // The mirror is pushed only when that remote exists, so it is shown only then.
                remotes.Add(options.MirrorRemote);
            }
        }

        var head = await git.ResolveCommitAsync(workTree, "HEAD", cancellationToken).ConfigureAwait(false);
        var unpushed = remotes.Count == 0 ? [] : await UnpushedAsync(workTree, options.PushRemote, branch, cancellationToken).ConfigureAwait(false);
        var digest = new StringBuilder().Append("branch ").Append(branch).Append('\n').Append("head ").Append(head).Append('\n');
        foreach (var commit in commits)
        {
            digest.Append("commit ").Append(commit.Subject).Append('\n');
            foreach (var file in commit.Files)
            {
                digest.Append("file ").Append(file).Append(' ').Append(ContentHash(Path.Combine(workTree, file))).Append('\n');
            }
        }

        foreach (var remote in remotes)
        {
            digest.Append("push ").Append(remote).Append('\n');
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(digest.ToString())));
        return new PublishPreview(branch, head, commits, remotes, unpushed, "sha256:" + hash);
    }

    /// <summary>The subjects of the branch's commits the push remote does not have yet (its copy of the branch, else the branch's whole history up to 20).</summary>
    private async Task<IReadOnlyList<string>> UnpushedAsync(string workTree, string remote, string branch, CancellationToken cancellationToken)
    {
        var tracked = await git.ResolveCommitAsync(workTree, $"refs/remotes/{remote}/{branch}", cancellationToken).ConfigureAwait(false);
        IReadOnlyList<string> range = tracked is null ? ["HEAD", "--not", "--remotes=" + remote] : [$"{tracked}..HEAD"];
        var log = await git.RunAsync(workTree, ["log", "--format=%s", $"--max-count={MaxUnpushedListed}", .. range], cancellationToken).ConfigureAwait(false);
        return log.Succeeded ? log.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : [];
    }

    private static string ContentHash(string path)
    {
        if (!File.Exists(path))
        {
            return "deleted";
        }

        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
