using Orchestrator.Core.Common;

namespace Orchestrator.Core.Agents;

/// <summary>The one place runner names are read and written: <c>claude</c>, <c>codex</c>, <c>command</c>, <c>host</c>.</summary>
public static class RunnerKinds
{
    /// <summary>Every runner name, in the order messages and completions list them.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. Enum.GetValues<RunnerKind>().Select(Name)];

    /// <summary>The name of <paramref name="kind"/> as the tools and config.yaml spell it.</summary>
    public static string Name(RunnerKind kind) => kind.ToString().ToLowerInvariant();

    /// <summary>The kind <paramref name="name"/> names (case and surrounding blanks ignored), or null.</summary>
    public static RunnerKind? TryParse(string? name)
    {
        var trimmed = name?.Trim();
        return string.IsNullOrEmpty(trimmed) ? null
            : Enum.GetValues<RunnerKind>().Where(k => string.Equals(Name(k), trimmed, StringComparison.OrdinalIgnoreCase)).Select(k => (RunnerKind?)k).FirstOrDefault();
    }

    /// <summary>
    /// Parses <paramref name="name"/>; an unknown name is an <see cref="ErrorCode.InvalidArgument"/> naming where it came
    /// from (<paramref name="source"/>, e.g. <c>default_runner in .orchestrator/config.yaml</c>) and the accepted names.
    /// </summary>
    public static Outcome<RunnerKind> Parse(string? name, string source) =>
        TryParse(name) is { } kind
            ? Outcome<RunnerKind>.Success(kind)
            : Outcome<RunnerKind>.Failure(ErrorCode.InvalidArgument,
                $"unknown runner \"{name}\" ({source}). Use one of: {string.Join(", ", Names)}.");
}
