using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Orchestrator.Core.Sessions;

/// <summary>The YAML node helpers STATE.md's serializer and its parts share (scalars, lists, times, quoting, emitting).</summary>
internal static class StateYaml
{
    private const string TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    public static string? Scalar(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var node) && node is YamlScalarNode scalar && !IsNull(scalar)
            ? scalar.Value
            : null;

    public static bool IsNull(YamlScalarNode scalar) =>
        scalar.Style == ScalarStyle.Plain && scalar.Value is null or "" or "~" or "null";

    public static string Required(YamlMappingNode map, string key) =>
        Scalar(map, key) ?? throw new FormatException($"the frontmatter has no '{key}'");

    public static IReadOnlyList<string> Sequence(YamlMappingNode map, string key)
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

    public static int ParseInt(YamlMappingNode map, string key, int fallback) =>
        Scalar(map, key) is { } text
            ? int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
                ? value
                : throw new FormatException($"'{key}' must be a whole number, not '{text}'")
            : fallback;

    public static DateTimeOffset ParseTime(string text, string key) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value)
            ? value
            : throw new FormatException($"'{key}' must be an ISO 8601 time, not '{text}'");

    public static string FormatTime(DateTimeOffset time) => time.UtcDateTime.ToString(TimestampFormat, CultureInfo.InvariantCulture);

    public static void Add(YamlMappingNode map, string key, YamlNode value) => map.Add(new YamlScalarNode(key), value);

    public static YamlScalarNode Plain(string value) => new(value) { Style = ScalarStyle.Plain };

    /// <summary>Free text is always quoted so values like "yes", "123" or "a: b" stay strings for every YAML reader.</summary>
    public static YamlScalarNode Text(string value) => new(value)
    {
        Style = value.Contains('\n', StringComparison.Ordinal) ? ScalarStyle.Literal : ScalarStyle.DoubleQuoted,
    };

    public static YamlNode ParseNode(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return stream.Documents.Count > 0 ? stream.Documents[0].RootNode : new YamlScalarNode(null);
    }

    public static string Emit(YamlNode node)
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
