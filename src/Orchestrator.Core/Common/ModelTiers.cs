namespace Orchestrator.Core.Common;

/// <summary>Tier names as they appear in chunk plans, and the escalation order.</summary>
public static class ModelTiers
{
    /// <summary>The names a plan may use, lowest tier first.</summary>
    public static IReadOnlyList<string> ValidNames { get; } = ["haiku", "sonnet", "opus"];

    /// <summary>The tier a chunk gets when its plan gives none.</summary>
    public const ModelTier Default = ModelTier.Sonnet;

    /// <summary>Parses a tier name (case-insensitive); false for anything else.</summary>
    public static bool TryParse(string? name, out ModelTier tier)
    {
        switch (name?.Trim().ToLowerInvariant())
        {
            case "haiku":
                tier = ModelTier.Haiku;
                return true;
            case "sonnet":
                tier = ModelTier.Sonnet;
                return true;
            case "opus":
                tier = ModelTier.Opus;
                return true;
            default:
                tier = Default;
                return false;
        }
    }

    /// <summary>The plan name of a tier ("haiku", "sonnet", "opus").</summary>
    public static string ToName(this ModelTier tier) => tier switch
    {
        ModelTier.Haiku => "haiku",
        ModelTier.Sonnet => "sonnet",
        ModelTier.Opus => "opus",
        _ => throw new ArgumentOutOfRangeException(nameof(tier), tier, "unknown model tier"),
    };

    /// <summary>One tier up; opus stays opus (the escalation ladder's third attempt).</summary>
    public static ModelTier Bump(this ModelTier tier) => tier >= ModelTier.Opus ? ModelTier.Opus : tier + 1;
}
