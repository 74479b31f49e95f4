using System.Globalization;
using Orchestrator.Core.Common;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace Orchestrator.Core.Sessions;

/// <summary>
/// Reads and writes STATE.md: YAML frontmatter between <c>---</c> lines, then a Markdown body. Works on YamlDotNet's
/// representation model rather than object mapping so keys written by other tools survive a rewrite untouched.
/// </summary>
public static class StateFileSerializer
{
    private const string Fence = "---";
    private const string TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

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

        var gates = new YamlMappingNode();
        Add(gates, "plan", FormatGate(state.Gates.Plan));
        Add(gates, "build", FormatGate(state.Gates.Build));
        Add(gates, "concerns", FormatGate(state.Gates.Concerns));
        if (state.Gates.Failures.Status != GateState.NotOpened)
        {
            // Written once it has opened, so STATE.md of sessions that never had a failure stays as it was.
            Add(gates, "failures", FormatGate(state.Gates.Failures));
        }
        Add(map, "gates", gates);
        Add(map, "runs", new YamlSequenceNode(state.Runs.Select(Text)) { Style = SequenceStyle.Flow });
        if (state.CorrectnessCritical)
        {
            Add(map, "correctness-critical", Plain("true"));
        }

        if (state.DeferredConcerns.Count > 0)
        {
            Add(map, "deferred-concerns", new YamlSequenceNode(state.DeferredConcerns.Select(FormatDeferred)));
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
                Gates = ParseGates(map),
                Runs = Sequence(map, "runs"),
                CorrectnessCritical = Scalar(map, "correctness-critical") is { } critical && ParseBool(critical, "correctness-critical"),
                DeferredConcerns = ParseDeferred(map),
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

    private static YamlMappingNode FormatGate(GateState gate)
    {
        var node = new YamlMappingNode();
        Add(node, "status", Text(gate.Status));
        if (gate.Decision is not null)
        {
            Add(node, "decision", Text(gate.Decision));
        }

        if (gate.DecidedBy is not null)
        {
            Add(node, "decided-by", Text(gate.DecidedBy));
        }

        if (gate.Note is not null)
        {
            Add(node, "note", Text(gate.Note));
        }

        if (gate.DecidedAt is { } at)
        {
            Add(node, "decided-at", Plain(FormatTime(at)));
        }

        return node;
    }

    private static YamlMappingNode FormatDeferred(DeferredConcern concern)
    {
        var node = new YamlMappingNode();
        Add(node, "run", Text(concern.RunId));
        Add(node, "chunk", Text(concern.ChunkId));
        Add(node, "severity", Text(concern.Severity));
        Add(node, "title", Text(concern.Title));
        if (concern.Detail is not null)
        {
            Add(node, "detail", Text(concern.Detail));
        }

        if (concern.File is not null)
        {
            Add(node, "file", Text(concern.File));
        }

        if (concern.Line is { } line)
        {
            Add(node, "line", Plain(line.ToString(CultureInfo.InvariantCulture)));
        }

        return node;
    }

    private static IReadOnlyList<DeferredConcern> ParseDeferred(YamlMappingNode map)
    {
        if (!map.Children.TryGetValue(new YamlScalarNode("deferred-concerns"), out var node) || node is not YamlSequenceNode sequence)
        {
            return [];
        }

        return sequence.Children.OfType<YamlMappingNode>()
            .Select(item => new DeferredConcern(
                Scalar(item, "run") ?? "",
                Scalar(item, "chunk") ?? "",
                Scalar(item, "severity") ?? "concern",
                Scalar(item, "title") ?? "",
                Scalar(item, "detail"),
                Scalar(item, "file"),
                ParseInt(item, "line", -1) is var line and >= 0 ? line : null))
            .ToList();
    }

    private static bool ParseBool(string text, string key) =>
        bool.TryParse(text, out var value) ? value : throw new FormatException($"'{key}' must be true or false, not '{text}'");

    private static SessionGates ParseGates(YamlMappingNode map)
    {
        if (!map.Children.TryGetValue(new YamlScalarNode("gates"), out var node) || node is not YamlMappingNode gates)
        {
            return SessionGates.Initial;
        }

        return new SessionGates(ParseGate(gates, "plan"), ParseGate(gates, "build"), ParseGate(gates, "concerns")) { Failures = ParseGate(gates, "failures") };
    }

    private static GateState ParseGate(YamlMappingNode gates, string name)
    {
        if (!gates.Children.TryGetValue(new YamlScalarNode(name), out var node) || node is not YamlMappingNode gate)
        {
            return GateState.Initial;
        }

        return new GateState(
            Scalar(gate, "status") ?? GateState.NotOpened,
            Scalar(gate, "decision"),
            Scalar(gate, "decided-by"),
            Scalar(gate, "note"),
            Scalar(gate, "decided-at") is { } at ? ParseTime(at, $"gates.{name}.decided-at") : null);
    }

    private static string? Scalar(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var node) && node is YamlScalarNode scalar && !IsNull(scalar)
            ? scalar.Value
            : null;

    private static bool IsNull(YamlScalarNode scalar) =>
        scalar.Style == ScalarStyle.Plain && scalar.Value is null or "" or "~" or "null";

    private static string Required(YamlMappingNode map, string key) =>
        Scalar(map, key) ?? throw new FormatException($"the frontmatter has no '{key}'");

    private static IReadOnlyList<string> Sequence(YamlMappingNode map, string key)
    {
        if (!map.Children.TryGetValue(new YamlScalarNode(key), out var node))
        {
            return [];
        }

        return node switch
        {
            YamlSequenceNode sequence => sequence.Children.OfType<YamlScalarNode>().Select(s => s.Value ?? "").ToList(),
            YamlScalarNode scalar when IsNull(scalar) => [],
            _ => throw new FormatException($"'{key}' must be a list"),
        };
    }

    private static int ParseInt(YamlMappingNode map, string key, int fallback) =>
        Scalar(map, key) is { } text
            ? int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
                ? value
                : throw new FormatException($"'{key}' must be a whole number, not '{text}'")
            : fallback;

    private static DateTimeOffset ParseTime(string text, string key) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value)
            ? value
            : throw new FormatException($"'{key}' must be an ISO 8601 time, not '{text}'");

    private static string FormatTime(DateTimeOffset time) => time.UtcDateTime.ToString(TimestampFormat, CultureInfo.InvariantCulture);

    private static void Add(YamlMappingNode map, string key, YamlNode value) => map.Add(new YamlScalarNode(key), value);

    private static YamlScalarNode Plain(string value) => new(value) { Style = ScalarStyle.Plain };

    /// <summary>Free text is always quoted so values like "yes", "123" or "a: b" stay strings for every YAML reader.</summary>
    private static YamlScalarNode Text(string value) => new(value)
    {
        Style = value.Contains('\n', StringComparison.Ordinal) ? ScalarStyle.Literal : ScalarStyle.DoubleQuoted,
    };

    private static YamlNode ParseNode(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return stream.Documents.Count > 0 ? stream.Documents[0].RootNode : new YamlScalarNode(null);
    }

    private static string Emit(YamlNode node)
    {
        var writer = new StringWriter { NewLine = "\n" };
        new YamlStream(new YamlDocument(node)).Save(writer, assignAnchors: false);
        var text = writer.ToString().Replace("\r\n", "\n", StringComparison.Ordinal);
        // YamlStream ends every document with an explicit "..." marker; frontmatter must not contain one.
        if (text.EndsWith("...\n", StringComparison.Ordinal))
        {
            text = text[..^4];
        }

        return text.EndsWith('\n') ? text : text + "\n";
    }
}
