using System.Globalization;
using System.Text;
using Orchestrator.Core.Common;
using YamlDotNet.RepresentationModel;

namespace Orchestrator.Core.Trackers;

/// <summary>
/// The default tracker: one Markdown file per issue, <c>.orchestrator/issues/&lt;n&gt;.md</c>, with YAML frontmatter
/// (number, title, state, labels, created, marker) and the issue body. Numbers count up from 1.
/// </summary>
public sealed class LocalIssueTracker(string issuesDirectory, TimeProvider timeProvider) : IIssueTracker
{
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    /// <inheritdoc />
    public string Kind => "local";

    public string IssuesDirectory { get; } = issuesDirectory;

    /// <summary>Every readable issue, lowest number first.</summary>
    public IReadOnlyList<LocalIssue> List()
    {
        if (!Directory.Exists(IssuesDirectory))
        {
            return [];
        }

        var issues = new List<LocalIssue>();
        foreach (var path in Directory.EnumerateFiles(IssuesDirectory, "*.md"))
        {
            if (int.TryParse(Path.GetFileNameWithoutExtension(path), NumberStyles.None, CultureInfo.InvariantCulture, out var number)
                && TryRead(path, number) is { } issue)
            {
                issues.Add(issue);
            }
        }

        return issues.OrderBy(i => i.Number).ToList();
    }

    /// <inheritdoc />
    public Task<Outcome<TrackedIssue?>> FindOpenByMarkerAsync(string marker, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var found = List().FirstOrDefault(i => i.State == "open" && (i.Marker == marker || i.Body.Contains(marker, StringComparison.Ordinal)));
        return Task.FromResult(Outcome<TrackedIssue?>.Success(found?.ToTracked()));
    }

    /// <inheritdoc />
    public Task<Outcome<TrackedIssue>> CreateAsync(IssueDraft draft, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        cancellationToken.ThrowIfCancellationRequested();
        Directory.CreateDirectory(IssuesDirectory);
        var number = List().Select(i => i.Number).DefaultIfEmpty(0).Max() + 1;
        var created = timeProvider.GetUtcNow();
        // Two writers may pick the same number: the rename refuses to overwrite, and the loser takes the next one.
        for (var tries = 0; tries < 20; tries++, number++)
        {
            var path = Path.Combine(IssuesDirectory, number.ToString(CultureInfo.InvariantCulture) + ".md");
            if (File.Exists(path))
            {
                continue;
            }

            var temp = Path.Combine(IssuesDirectory, $".{number}.{Guid.NewGuid():N}.tmp");
            try
            {
                using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
                {
                    stream.Write(Utf8NoBom.GetBytes(Format(number, draft, created)));
                    stream.Flush(flushToDisk: true);
                }

                File.Move(temp, path, overwrite: false);
                return Task.FromResult(Outcome<TrackedIssue>.Success(new TrackedIssue(number, draft.Title, path, draft.Labels)));
            }
            catch (IOException) when (File.Exists(path))
            {
                // Taken by a concurrent writer: try the next number.
            }
            finally
            {
                if (File.Exists(temp))
                {
                    File.Delete(temp);
                }
            }
        }

        return Task.FromResult(Outcome<TrackedIssue>.Failure(ErrorCode.TrackerFailed,
            $"Could not allocate an issue number in {IssuesDirectory} (too many concurrent writers). Run close again."));
    }

    private static string Format(int number, IssueDraft draft, DateTimeOffset created)
    {
        var map = new YamlMappingNode
        {
            { "number", new YamlScalarNode(number.ToString(CultureInfo.InvariantCulture)) },
            { "title", new YamlScalarNode(draft.Title) { Style = YamlDotNet.Core.ScalarStyle.DoubleQuoted } },
            { "state", "open" },
            { "labels", new YamlSequenceNode(draft.Labels.Select(l => new YamlScalarNode(l) { Style = YamlDotNet.Core.ScalarStyle.DoubleQuoted })) { Style = YamlDotNet.Core.Events.SequenceStyle.Flow } },
            { "created", created.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) },
            { "marker", draft.Marker },
        };
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        new YamlStream(new YamlDocument(map)).Save(writer, assignAnchors: false);
        var yaml = writer.ToString().TrimEnd();
        if (yaml.EndsWith("...", StringComparison.Ordinal))
        {
            yaml = yaml[..^3].TrimEnd();
        }

        return $"---\n{yaml}\n---\n# {draft.Title}\n\n{draft.Body.TrimEnd()}\n";
    }

    private static LocalIssue? TryRead(string path, int number)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (IOException)
        {
            return null;
        }

        if (!text.StartsWith("---\n", StringComparison.Ordinal))
        {
            return null;
        }

        var end = text.IndexOf("\n---\n", 4, StringComparison.Ordinal);
        if (end < 0)
        {
            return null;
        }

        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(text[4..end]));
            if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode map)
            {
                return null;
            }

            string? Scalar(string key) => map.Children.TryGetValue(new YamlScalarNode(key), out var node) && node is YamlScalarNode s ? s.Value : null;
            var labels = map.Children.TryGetValue(new YamlScalarNode("labels"), out var labelNode) && labelNode is YamlSequenceNode seq
                ? seq.Children.OfType<YamlScalarNode>().Select(s => s.Value ?? "").ToList()
                : [];
            return new LocalIssue(number, Scalar("title") ?? "", Scalar("state") ?? "open", labels, Scalar("marker"), text[(end + 5)..], path);
        }
        catch (YamlDotNet.Core.YamlException)
        {
            return null;
        }
    }
}
