namespace Orchestrator.Core.Close.Verification;

/// <summary>Plan verification outcomes of a chunk.</summary>
public static class ChunkVerdictStatus
{
    public const string Done = "done";
    public const string Partial = "partial";
    public const string Failed = "failed";
    public const string NotStarted = "not_started";
}
