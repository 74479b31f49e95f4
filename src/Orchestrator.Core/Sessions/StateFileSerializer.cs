using System.Globalization;
using Orchestrator.Core.Common;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;
using static Orchestrator.Core.Sessions.StateYaml;

namespace Orchestrator.Core.Sessions;

/// <summary>
/// Reads and writes STATE.md: YAML frontmatter between <c>---</c> lines, then a Markdown body. Works on YamlDotNet's
/// representation model rather than object mapping so keys written by other tools survive a rewrite untouched.
/// </summary>
public static class StateFileSerializer
{
    private const string Fence = "---";

    private static readonly string[] KnownKeys =
    [
        "schema-version", "session-type", "branch", "issues", "started_at", "status", "current-wave", "total-waves",
        "updated", "session", "session-start-ref", "description", "phase", "isolation", "project-root", "work-tree",
        "base-branch", "gates", "runs", "correctness-critical", "deferred-concerns",
    ];

    public static string Format(SessionState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var map = new YamlMappingNode();
        Add(map, "schema-version", Plain(state.SchemaVersion.ToString(CultureInfo.InvariantCulture)));
        Add(map, "session-type", Text(state.SessionType));
        Add(map, "branch", Text(state.Branch));
        Add(map, "issues", new YamlSequenceNode(state.Issues.Select(Text)) { Style = SequenceStyle.Flow });
        Add(map, "started_at", Plain(FormatTime(state.StartedAt)));
        Add(map, "status", Text(state.Status));
        Add(map, "current-wave", Plain(state.CurrentWave.ToString(CultureInfo.InvariantCulture)));
        Add(map, "total-waves", Plain(state.TotalWaves.ToString(CultureInfo.InvariantCulture)));
        if (state.Updated is { } updated)
        {
            Add(map, "updated", Plain(FormatTime(updated)));
        }

        Add(map, "session", Text(state.Session));
        if (state.SessionStartRef is { } startRef)
        {
            Add(map, "session-start-ref", Text(startRef));
        }

        Add(map, "description", Text(state.Description));
        Add(map, "phase", Text(state.Phase));
        Add(map, "isolation", Text(IsolationName(state.Isolation)));
        Add(map, "project-root", Text(state.ProjectRoot));
        Add(map, "work-tree", Text(state.WorkTree));
        if (state.BaseBranch is { } baseBranch)
        {
            Add(map, "base-branch", Text(baseBranch));
        }

        Add(map, "gates", StateGatesYaml.Format(state.Gates));
        Add(map, "runs", new YamlSequenceNode(state.Runs.Select(Text)) { Style = SequenceStyle.Flow });
        if (state.CorrectnessCritical)
        {
            Add(map, "correctness-critical", Plain("true"));
        }

        if (state.DeferredConcerns.Count > 0)
        {
            Add(map, "deferred-concerns", new YamlSequenceNode(state.DeferredConcerns.Select(StateDeferredConcernsYaml.Format)));
        }

        foreach (var (key, yaml) in state.ExtraFrontmatter)
        {
            Add(map, key, ParseNode(yaml));
        }

        var body = state.Body.Length == 0 || state.Body.EndsWith('\n') ? state.Body : state.Body + "\n";
        return $"{Fence}\n{Emit(map)}{Fence}\n{body}";
    }

    public static Outcome<SessionState> Parse(string text, string sourcePath)
    {
        ArgumentNullException.ThrowIfNull(text);
        var normalized = text.Replace("\r\n", "\n", StringComparison.Ordinal);
        if (!normalized.StartsWith(Fence + "\n", StringComparison.Ordinal))
        {
            return Corrupt(sourcePath, "it does not start with a '---' frontmatter line");
        }

        var end = normalized.IndexOf("\n" + Fence + "\n", Fence.Length, StringComparison.Ordinal);
        var endAtEof = normalized.EndsWith("\n" + Fence, StringComparison.Ordinal) ? normalized.Length - Fence.Length - 1 : -1;
        if (end < 0 && endAtEof < 0)
        {
            return Corrupt(sourcePath, "the frontmatter has no closing '---' line");
        }

        var yamlEnd = end >= 0 ? end : endAtEof;
        var yaml = normalized[(Fence.Length + 1)..(yamlEnd + 1)];
        var body = end >= 0 ? normalized[(end + Fence.Length + 2)..] : "";
        YamlMappingNode map;
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(yaml));
            if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
            {
                return Corrupt(sourcePath, "the frontmatter is not a YAML mapping");
            }

            map = root;
        }
        catch (YamlException ex)
        {
            return Corrupt(sourcePath, $"the frontmatter is not valid YAML ({ex.Start}: {ex.Message})");
        }

        try
        {
            var state = new SessionState
            {
                SchemaVersion = ParseInt(map, "schema-version", SessionState.CurrentSchemaVersion),
                SessionType = Scalar(map, "session-type") ?? "orchestrate",
                Branch = Required(map, "branch"),
                Issues = Sequence(map, "issues"),
                StartedAt = ParseTime(Required(map, "started_at"), "started_at"),
                Status = Scalar(map, "status") ?? SessionStatus.Active,
                CurrentWave = ParseInt(map, "current-wave", 0),
                TotalWaves = ParseInt(map, "total-waves", 0),
                Updated = Scalar(map, "updated") is { } updated ? ParseTime(updated, "updated") : null,
                Session = Required(map, "session"),
                SessionStartRef = Scalar(map, "session-start-ref"),
                Description = Scalar(map, "description") ?? "",
                Phase = ParsePhase(map),
                Isolation = ParseIsolation(Scalar(map, "isolation")),
                ProjectRoot = Required(map, "project-root"),
                WorkTree = Required(map, "work-tree"),
                BaseBranch = Scalar(map, "base-branch"),
                Gates = StateGatesYaml.Parse(map),
                Runs = Sequence(map, "runs"),
                CorrectnessCritical = Scalar(map, "correctness-critical") is { } critical && ParseBool(critical, "correctness-critical"),
                DeferredConcerns = StateDeferredConcernsYaml.Parse(map),
                ExtraFrontmatter = map.Children
                    .Where(pair => pair.Key is YamlScalarNode key && !KnownKeys.Contains(key.Value))
                    .Select(pair => new KeyValuePair<string, string>(((YamlScalarNode)pair.Key).Value!, Emit(pair.Value).TrimEnd('\n')))
                    .ToList(),
                Body = body,
            };
            return Outcome<SessionState>.Success(state);
        }
        catch (FormatException ex)
        {
            return Corrupt(sourcePath, ex.Message);
        }
    }

    public static string IsolationName(SessionIsolation isolation) => isolation switch
    {
        SessionIsolation.Worktree => "worktree",
        SessionIsolation.InPlace => "in_place",
        SessionIsolation.ExistingBranch => "existing_branch",
        _ => throw new ArgumentOutOfRangeException(nameof(isolation), isolation, null),
    };

    // A missing phase is a session that has just started; anything else must be a known phase, never silently "started".
    private static string ParsePhase(YamlMappingNode map)
    {
        if (!map.Children.TryGetValue(new YamlScalarNode("phase"), out var node) || (node is YamlScalarNode empty && IsNull(empty)))
        {
            return SessionPhase.Started;
        }

        return node is YamlScalarNode { Value: { } value } && SessionPhase.All.Contains(value, StringComparer.Ordinal)
            ? value
            : throw new FormatException($"phase {InputEcho.Quote(node is YamlScalarNode scalar ? scalar.Value : Emit(node).TrimEnd('\n'), 80)} is not one of {string.Join(", ", SessionPhase.All)}");
    }

    private static SessionIsolation ParseIsolation(string? value) => value switch
    {
        null or "worktree" => SessionIsolation.Worktree,
        "in_place" => SessionIsolation.InPlace,
        "existing_branch" => SessionIsolation.ExistingBranch,
        _ => throw new FormatException($"isolation '{value}' is not one of worktree, in_place, existing_branch"),
    };

    private static Outcome<SessionState> Corrupt(string path, string reason) =>
        Outcome<SessionState>.Failure(ErrorCode.StateCorrupt,
            $"{path} cannot be read: {reason}. Fix the file by hand (it is plain YAML frontmatter + Markdown) or move it away to drop the session.");

    private static bool ParseBool(string text, string key) =>
        bool.TryParse(text, out var value) ? value : throw new FormatException($"'{key}' must be true or false, not '{text}'");
}
