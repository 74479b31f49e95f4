using Orchestrator.Core.Common;

namespace Orchestrator.Core.Options;

/// <summary>The model name a runner passes for each tier (<c>models:</c> under a runner in config.yaml).</summary>
public sealed record TierModelNames
{
    /// <summary>Model for the haiku tier (mechanical work).</summary>
    public string? Haiku { get; init; }

    /// <summary>Model for the sonnet tier (the default).</summary>
    public string? Sonnet { get; init; }

    /// <summary>Model for the opus tier (hard work, the senior reviewer).</summary>
    public string? Opus { get; init; }

    /// <summary>The configured value for <paramref name="tier"/>, else <paramref name="fallback"/>'s, else null.</summary>
    public string? Find(ModelTier tier, TierModelNames fallback)
    {
        ArgumentNullException.ThrowIfNull(fallback);
        return tier switch
        {
            ModelTier.Haiku => Haiku ?? fallback.Haiku,
            ModelTier.Opus => Opus ?? fallback.Opus,
            _ => Sonnet ?? fallback.Sonnet,
        };
    }

    /// <summary>The configured name for <paramref name="tier"/>, else <paramref name="fallback"/>'s.</summary>
    public string For(ModelTier tier, TierModelNames fallback) => tier switch
    {
        ModelTier.Haiku => Haiku ?? fallback.Haiku,
        ModelTier.Opus => Opus ?? fallback.Opus,
        _ => Sonnet ?? fallback.Sonnet,
    } ?? tier.ToString().ToLowerInvariant();
}
