namespace Orchestrator.Core.Common;

/// <summary>Model tiers in ascending capability (and cost): haiku &lt; sonnet &lt; opus.</summary>
public enum ModelTier
{
    Haiku = 0,
    Sonnet = 1,
    Opus = 2,
}
