using System.Globalization;
using YamlDotNet.RepresentationModel;
using static Orchestrator.Core.Sessions.StateYaml;

namespace Orchestrator.Core.Sessions;

/// <summary>STATE.md's <c>deferred-concerns</c> list: the findings the user deferred at the concerns gate.</summary>
internal static class StateDeferredConcernsYaml
{
    public static YamlMappingNode Format(DeferredConcern concern)
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

    public static IReadOnlyList<DeferredConcern> Parse(YamlMappingNode map)
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

}
