using System.Globalization;
using System.Text.Json;
using Orchestrator.Core.Build.Journal;
using Orchestrator.Core.Build.Journal.Events;
using Orchestrator.McpServer.Tools.Results;

namespace Orchestrator.McpServer.Tools;

/// <summary>Journal events as one readable line each (the journal itself carries prompts and outputs; status stays small).</summary>
internal static class RunEventText
{
    public static RunEventToolResult From(RunEvent e)
    {
        var (chunk, text) = e switch
        {
            RunStarted => (null, "run started"),
            RunResumed r => (null, $"run resumed ({N(r.ReplayedAttempts)} finished attempts replayed)"),
            PhaseChanged p => (null, $"phase {p.Phase} (iteration {N(p.Iteration)})"),
            AttemptStarted a => (a.ChunkId, $"{Name(a.Role)} {a.ChunkId ?? "all"} attempt {N(a.Attempt)} at {Name(a.Tier)}"),
            AttemptFinished a => (a.ChunkId, $"{Name(a.Role)} {a.ChunkId ?? "all"} attempt {N(a.Attempt)} {Name(a.Outcome)}{(a.Reason is { } r ? ": " + r : "")}"),
            ChunkSucceeded c => (c.ChunkId, $"chunk {c.ChunkId} done after {N(c.Attempts)} attempt(s): {c.Summary}"),
            ChunkFailed c => (c.ChunkId, $"chunk {c.ChunkId} failed after {N(c.Attempts)} attempt(s): {c.Blocker}"),
            ChunkSkipped c => (c.ChunkId, $"chunk {c.ChunkId} skipped: {c.Reason}"),
            ChunkCancelled c => (c.ChunkId, $"chunk {c.ChunkId} cancelled"),
            ReviewFinished r => (null, $"review finished (iteration {N(r.Iteration)})"),
            RunFinished f => (null, $"run finished: {Name(f.Status)}{(f.StopReason is { } reason ? $" ({reason})" : "")}"),
            WorkspacePreparing w => (w.ChunkId, $"{Whose(w.Key, w.ChunkId, w.Attempt)}: preparing its workspace"),
            WorkspaceReady w => (w.ChunkId, $"{Whose(w.Key, w.ChunkId, w.Attempt)}: workspace ready in {N(w.DurationMs)} ms ({Name(w.Kind)})"),
            WorkspaceReleased w => (w.ChunkId, $"{Whose(w.Key, w.ChunkId, w.Attempt)}: workspace {(w.Discarded ? "discarded" : "released")} {N(w.AfterAgentMs)} ms after its agent ({N(w.AgentMs)} ms)"),
            WorkspaceCleanupFailed w => (w.ChunkId, e.Type),
            _ => ((string?)null, e.Type),
        };
        return new RunEventToolResult(e.Seq, e.Type, chunk, text);
    }

    public static string Progress(RunSnapshot snapshot)
    {
        var done = Done(snapshot);
        return string.Create(CultureInfo.InvariantCulture, $"{snapshot.Phase}: {done}/{snapshot.Chunks.Count} chunks done");
    }

    public static int Done(RunSnapshot snapshot) =>
        snapshot.Chunks.Count(c => c.State is ChunkRunState.Succeeded or ChunkRunState.Failed or ChunkRunState.Skipped);

    private static string N(long number) => number.ToString(CultureInfo.InvariantCulture);

    // A review tree is keyed by its review (review:<iteration>:<chunk>), an executor's workspace by its attempt.
    private static string Whose(string key, string chunkId, int attempt) =>
        key.StartsWith("review:", StringComparison.Ordinal) ? $"chunk {chunkId} review tree" : $"chunk {chunkId} attempt {N(attempt)}";

    /// <summary>An enum as the journal spells it (camelCase).</summary>
    private static string Name<TEnum>(TEnum value)
        where TEnum : struct, Enum => JsonNamingPolicy.CamelCase.ConvertName(value.ToString());
}
