using System.Globalization;
using Orchestrator.Core.Build.Journal;
using Orchestrator.McpServer.Tools.Results;

namespace Orchestrator.McpServer.Tools;

/// <summary>Journal events as one readable line each (the journal itself carries prompts and outputs; status stays small).</summary>
internal static class RunEventText
{
    public static RunEventToolResult From(RunEvent e)
    {
        var d = e.Data;
        string? S(string name) => d.TryGetProperty(name, out var v) && v.ValueKind == System.Text.Json.JsonValueKind.String ? v.GetString() : null;
        string N(string name) => d.TryGetProperty(name, out var v) && v.ValueKind == System.Text.Json.JsonValueKind.Number ? v.GetRawText() : "?";
        var chunk = S("chunkId");
        var text = e.Type switch
        {
            RunEventTypes.RunStarted => "run started",
            RunEventTypes.RunResumed => $"run resumed ({N("replayedAttempts")} finished attempts replayed)",
            RunEventTypes.PhaseChanged => $"phase {S("phase")} (iteration {N("iteration")})",
            RunEventTypes.AttemptStarted => $"{S("role")} {chunk ?? "all"} attempt {N("attempt")} at {S("tier")}",
            RunEventTypes.AttemptFinished => $"{S("role")} {chunk ?? "all"} attempt {N("attempt")} {S("outcome")}{(S("reason") is { } r ? ": " + r : "")}",
            RunEventTypes.ChunkSucceeded => $"chunk {chunk} done after {N("attempts")} attempt(s): {S("summary")}",
            RunEventTypes.ChunkFailed => $"chunk {chunk} failed after {N("attempts")} attempt(s): {S("blocker")}",
            RunEventTypes.ChunkSkipped => $"chunk {chunk} skipped: {S("reason")}",
            RunEventTypes.ChunkCancelled => $"chunk {chunk} cancelled",
            RunEventTypes.WorkspacePreparing => $"chunk {chunk} attempt {N("attempt")}: preparing its workspace",
            RunEventTypes.WorkspaceReady => $"chunk {chunk} attempt {N("attempt")}: workspace ready in {N("durationMs")} ms ({S("kind")})",
            RunEventTypes.WorkspaceReleased => $"chunk {chunk} attempt {N("attempt")}: workspace {(d.TryGetProperty("discarded", out var x) && x.ValueKind == System.Text.Json.JsonValueKind.True ? "discarded" : "released")} {N("afterAgentMs")} ms after its agent ({N("agentMs")} ms)",
            RunEventTypes.ReviewFinished => $"review finished (iteration {N("iteration")})",
            RunEventTypes.RunFinished => $"run finished: {S("status")}{(S("stopReason") is { } reason ? $" ({reason})" : "")}",
            _ => e.Type,
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
}
