using System.Globalization;

namespace Orchestrator.Core.Planning;

/// <summary>
/// How big a chunk plan may be. A plan is input from a model or a client, and one oversized plan must not take the
/// server down or hold it for minutes; real plans are tens of chunks, so the defaults leave a wide margin. Every
/// refusal names the limit it hit. Documented in docs/reliability.md.
/// </summary>
public sealed record ChunkPlanLimits
{
    /// <summary>The limits every tool and the build loop use.</summary>
    public static ChunkPlanLimits Default { get; } = new();

    /// <summary>Chunks in one plan (all waves together).</summary>
    public int MaxChunks { get; init; } = 2_000;

    /// <summary>Entries in one chunk's <c>files</c>.</summary>
    public int MaxFilesPerChunk { get; init; } = 500;

    /// <summary>Entries in one chunk's <c>dependsOn</c>.</summary>
    public int MaxDependsOnPerChunk { get; init; } = 200;

    /// <summary>Dependency links of the whole plan, the implicit ones of the <c>waves</c> shape included.</summary>
    public int MaxDependencyLinks { get; init; } = 200_000;

    /// <summary>Characters of one chunk's <c>scope</c> or <c>testScope</c>.</summary>
    public int MaxTextLength { get; init; } = 4_000;

    /// <summary>Characters of one entry of <c>files</c>.</summary>
    public int MaxPathLength { get; init; } = 1_024;

    /// <summary>Problems reported at once: enough to fix a plan in one round, never a megabyte of error text.</summary>
    public int MaxProblemsReported { get; init; } = 50;

    /// <summary>A refusal naming the limit, the value found and the fix.</summary>
    internal static string Exceeded(string what, int found, int limit, string fix) =>
        string.Create(CultureInfo.InvariantCulture, $"{what} has {found:N0}, over the limit of {limit:N0}: {fix}");
}
