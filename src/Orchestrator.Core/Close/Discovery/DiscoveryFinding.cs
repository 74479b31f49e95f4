namespace Orchestrator.Core.Close.Discovery;

/// <summary>
/// Something the discovery scan found on the session's changed lines: <c>secret</c> (critical), <c>large_file</c>
/// (high), <c>debug_artefact</c> (medium) or <c>todo</c> (low). High and critical ones are filed as <c>[Discovery]</c> issues.
/// </summary>
public sealed record DiscoveryFinding(string Kind, string Severity, string File, int? Line, string Detail)
{
    public bool IsFiled => Severity is "critical" or "high";

    public override string ToString() => $"{Severity} {Kind}: {File}{(Line is null ? "" : $":{Line}")} {Detail}";
}
