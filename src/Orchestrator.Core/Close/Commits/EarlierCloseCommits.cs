using System.Text.RegularExpressions;
using Orchestrator.Core.Git;
using Orchestrator.Core.Sessions;

namespace Orchestrator.Core.Close.Commits;

/// <summary>
/// Commits an earlier close of this session made and never reported: a close killed after its commit step (before
/// it wrote its records) leaves commits on the session branch that the next close no longer sees as changes. They
/// are found by the <c>Orchestrator-Session:</c> trailer every close commit carries, between the session's start and
/// HEAD, so the next close reports them instead of saying there was nothing to commit.
/// </summary>
public sealed partial class EarlierCloseCommits(IGit git)
{
    public const string Trailer = "Orchestrator-Session: ";

    public async Task<IReadOnlyList<CommitRecord>> FindAsync(SessionState state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (string.IsNullOrEmpty(state.SessionStartRef) || !Directory.Exists(state.WorkTree))
        {
            return [];
        }

        var listed = await git.RunAsync(state.WorkTree,
            ["log", "--reverse", "--format=%H", "--fixed-strings", "--grep=" + Trailer + state.Session, state.SessionStartRef + "..HEAD", "--"], cancellationToken).ConfigureAwait(false);
        if (!listed.Succeeded)
        {
            return [];
        }

        var commits = new List<CommitRecord>();
        foreach (var sha in listed.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var message = await git.RunAsync(state.WorkTree, ["log", "-1", "--format=%B", sha], cancellationToken).ConfigureAwait(false);
            var files = await git.RunAsync(state.WorkTree, ["show", "--name-only", "--format=", "-z", sha], cancellationToken).ConfigureAwait(false);
            var text = message.StandardOutput.TrimEnd();

            // The trailer must name exactly this session (the grep also matches an id that merely starts with it).
            if (!text.Split('\n').Any(l => l.Trim() == Trailer + state.Session))
            {
                continue;
            }

            commits.Add(new CommitRecord(sha, text.Split('\n')[0], text + "\n",
                GitOutput.SplitNul(files.StandardOutput),
                ChunkLine().Matches(text).Select(m => m.Groups[1].Value).ToList()));
        }

        return commits;
    }

    /// <summary>"- c1: Greeting ..." lines of a close commit's body name its chunks.</summary>
    [GeneratedRegex(@"^- ([A-Za-z0-9][A-Za-z0-9._-]*): ", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex ChunkLine();
}
