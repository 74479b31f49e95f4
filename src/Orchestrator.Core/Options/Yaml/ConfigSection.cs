using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace Orchestrator.Core.Options.Yaml;

/// <summary>
/// One mapping of config.yaml (the file itself, or e.g. <c>close:</c>) read key by key. Every mistake is reported in
/// the file's own terms: the dotted key, its line, and what would have been accepted; never a .NET type name.
/// Reading by hand instead of YamlDotNet's reflection-based deserializer also keeps the native (AOT) build trim-safe.
/// </summary>
internal sealed class ConfigSection
{
    private readonly YamlMappingNode _node;
    private readonly string _path;

    private ConfigSection(YamlMappingNode node, string path)
    {
        _node = node;
        _path = path;
    }

    public static ConfigSection Root(YamlMappingNode node) => new(node, "");

    /// <summary>Fails on the first key that is not one of <paramref name="keys"/>, naming the ones that are.</summary>
    public void AllowOnly(params string[] keys)
    {
        foreach (var (key, _) in _node.Children)
        {
            var name = key is YamlScalarNode scalar ? scalar.Value ?? "" : "";
            if (!keys.Contains(name, StringComparer.Ordinal))
            {
                var where = _path.Length == 0 ? "at the top level" : $"under '{_path}'";
                var hint = ConfigKeyHint.Closest(name, keys) is { } close ? $" Did you mean '{close}'?" : "";
                throw new ConfigFileException(LineOf(key),
                    $"unknown key '{name}' {where}.{hint} Expected one of: {string.Join(", ", keys)}");
            }
        }
    }

    /// <summary>A nested mapping such as <c>close:</c>; an absent or empty one reads as all defaults.</summary>
    public ConfigSection Section(string key)
    {
        var path = Dotted(key);
        return Find(key) switch
        {
            null => new ConfigSection(new YamlMappingNode(), path),
            YamlMappingNode mapping => new ConfigSection(mapping, path),
            YamlScalarNode scalar when IsNull(scalar) => new ConfigSection(new YamlMappingNode(), path),
            var other => throw new ConfigFileException(LineOf(other),
                $"'{path}' must be a group of keys on the lines below it (e.g. '{key}:' then indented 'name: value' lines), not {Describe(other)}"),
        };
    }

    /// <summary>Text; <c>null</c>, <c>~</c> or nothing gives null, a quoted <c>""</c> the empty text.</summary>
    public string? Text(string key, string? fallback)
    {
        var node = Find(key);
        if (node is null)
        {
            return fallback;
        }

        return node is YamlScalarNode scalar
            ? IsNull(scalar) ? null : scalar.Value
            : throw new ConfigFileException(LineOf(node), $"'{Dotted(key)}' must be a single value (text), not {Describe(node)}");
    }

    /// <summary>Text that may not be null (a null falls back to the default).</summary>
    public string RequiredText(string key, string fallback) => Text(key, fallback) ?? fallback;

    /// <summary>Text that must be one of <paramref name="allowed"/>.</summary>
    public string OneOf(string key, string fallback, IReadOnlyList<string> allowed)
    {
        var value = RequiredText(key, fallback);
        return allowed.Contains(value, StringComparer.Ordinal)
            ? value
            : throw new ConfigFileException(LineOf(Find(key)!), $"'{Dotted(key)}' is '{value}'; expected one of: {string.Join(", ", allowed)}");
    }

    public bool Flag(string key, bool fallback)
    {
        var text = Text(key, null);
        if (text is null)
        {
            return fallback;
        }

        return text.ToLowerInvariant() switch
        {
            "true" or "yes" or "on" => true,
            "false" or "no" or "off" => false,
            _ => throw new ConfigFileException(LineOf(Find(key)!), $"'{Dotted(key)}' must be true or false, not '{text}'"),
        };
    }

    public int? WholeNumber(string key, int? fallback)
    {
        var text = Text(key, null);
        if (text is null)
        {
            return fallback;
        }

        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= 0
            ? value
            : throw new ConfigFileException(LineOf(Find(key)!), $"'{Dotted(key)}' must be a whole number (0 or more, e.g. 14), not '{text}'");
    }

    /// <summary>A list of texts, written <c>[a, b]</c> or as <c>- a</c> lines.</summary>
    public List<string>? List(string key)
    {
        var node = Find(key);
        switch (node)
        {
            case null:
                return null;
            case YamlScalarNode scalar when IsNull(scalar):
                return null;
            case YamlSequenceNode sequence:
                return [.. sequence.Children.Select(item => item is YamlScalarNode { Value: { } value } && !IsNull((YamlScalarNode)item)
                    ? value
                    : throw new ConfigFileException(LineOf(item), $"each entry of '{Dotted(key)}' must be a single value (text), not {Describe(item)}"))];
            default:
                throw new ConfigFileException(LineOf(node), $"'{Dotted(key)}' must be a list, e.g. {key}: [first, second], not {Describe(node)}");
        }
    }

    /// <summary>Names to values, e.g. <c>env: { NAME: value }</c>.</summary>
    public Dictionary<string, string>? Pairs(string key)
    {
        var node = Find(key);
        switch (node)
        {
            case null:
                return null;
            case YamlScalarNode scalar when IsNull(scalar):
                return null;
            case YamlMappingNode mapping:
                var pairs = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var (name, value) in mapping.Children)
                {
                    if (name is not YamlScalarNode { Value: { Length: > 0 } text } || value is not YamlScalarNode scalarValue)
                    {
                        throw new ConfigFileException(LineOf(name), $"each entry of '{Dotted(key)}' must be 'NAME: value' with a single value");
                    }

                    pairs[text] = IsNull(scalarValue) ? "" : scalarValue.Value ?? "";
                }

                return pairs;
            default:
                throw new ConfigFileException(LineOf(node), $"'{Dotted(key)}' must be names with values, e.g. {key}: {{ NAME: value }}, not {Describe(node)}");
        }
    }

    private YamlNode? Find(string key) =>
        _node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    private string Dotted(string key) => _path.Length == 0 ? key : $"{_path}.{key}";

    private static bool IsNull(YamlScalarNode scalar) =>
        scalar.Style == YamlDotNet.Core.ScalarStyle.Plain && scalar.Value is null or "" or "~" or "null" or "Null" or "NULL";

    private static long LineOf(YamlNode node) => node.Start.Line;

    private static string Describe(YamlNode node) => node switch
    {
        YamlSequenceNode => "a list",
        YamlMappingNode => "a group of keys",
        YamlScalarNode scalar => $"'{scalar.Value}'",
        _ => "that",
    };
}
