using System.Text;
using System.Text.Json;
using Orchestrator.Core.Close.Commits;

namespace Orchestrator.Core.Close.Publishing;

/// <summary>
/// What close would publish, shown at the publish gate: the commits (subject, message, files), the branch and the
/// remotes it would push to, with the commits already on the branch that a push would send along. <see cref="Digest"/>
/// pins all of it (file contents included); an approval counts only while the digest is the same.
/// </summary>
public sealed record PublishPreview(
    string Branch,
    string? Head,
    IReadOnlyList<CommitGroup> Commits,
    IReadOnlyList<string> Remotes,
    IReadOnlyList<string> UnpushedCommits,
    string Digest)
{
    /// <summary>The session document the preview is kept in while the gate is open (the approve form and the dashboard read it).</summary>
    public const string FileName = "publish.json";

    public bool IsEmpty => Commits.Count == 0 && Remotes.Count == 0;

    public IReadOnlyList<string> Files => Commits.SelectMany(c => c.Files).Distinct(StringComparer.Ordinal).ToList();

    public string Serialize() => JsonSerializer.Serialize(this, CloseJson.TypeInfo<PublishPreview>());

    public static PublishPreview? Parse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(json, CloseJson.TypeInfo<PublishPreview>());
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The preview as text for the approve form, the tool's answer and the report.</summary>
    public string Describe()
    {
        var text = new StringBuilder();
        if (Commits.Count > 0)
        {
            text.Append($"Commit {Commits.Count} commit(s) on branch '{Branch}':\n");
            foreach (var commit in Commits)
            {
                text.Append("- ").Append(commit.Subject).Append('\n');
                foreach (var file in commit.Files)
                {
                    text.Append("    ").Append(file).Append('\n');
                }
            }

            text.Append("(issue references such as \"Refs #12\" are added to the message bodies when close files the carryover issues)\n");
        }
        else
        {
            text.Append("No new commit.\n");
        }

        if (Remotes.Count > 0)
        {
            text.Append($"Push branch '{Branch}' to {string.Join(" and ", Remotes)} (never forced)");
            text.Append(UnpushedCommits.Count > 0 ? $", with {UnpushedCommits.Count} commit(s) already on the branch:\n" : ".\n");
            foreach (var subject in UnpushedCommits)
            {
                text.Append("- ").Append(subject).Append('\n');
            }
        }
        else
        {
            text.Append("No push.\n");
        }

        return text.ToString();
    }
}
