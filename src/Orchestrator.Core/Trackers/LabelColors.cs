namespace Orchestrator.Core.Trackers;

/// <summary>Colours for labels close creates (hex without '#').</summary>
internal static class LabelColors
{
    public static string For(string label) => label switch
    {
        "priority:critical" => "b60205",
        "priority:high" => "d93f0b",
        "priority:medium" => "fbca04",
        "priority:low" => "c5def5",
        "status:ready" => "0e8a16",
        _ => "ededed",
    };
}
