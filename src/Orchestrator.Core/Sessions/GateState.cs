namespace Orchestrator.Core.Sessions;

/// <summary>
/// One user gate (plan, build, concerns, publish). <see cref="Status"/> is <c>closed</c> until the phase before it opens
/// it, then <c>open</c> until someone decides; the decision and who made it are kept for the record. <see cref="Subject"/>
/// names what the gate showed when it opened (the publish gate: a digest of the commits and remotes), so a decision
/// counts only for that.
/// </summary>
public sealed record GateState(
    string Status,
    string? Decision = null,
    string? DecidedBy = null,
    string? Note = null,
    DateTimeOffset? DecidedAt = null,
    string? Subject = null)
{
    public const string NotOpened = "not_opened";
    public const string Open = "open";
    public const string Approved = "approved";
    public const string Declined = "declined";

    public static GateState Initial { get; } = new(NotOpened);
}
