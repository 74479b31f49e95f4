using Orchestrator.Core.Agents.Answers;
using Orchestrator.Core.Build.Workspaces;
using Orchestrator.Core.Planning;

namespace Orchestrator.Core.Build.Attempts;

/// <summary>
/// Checks an executor's "done" against what its workspace measured: a done that changed nothing while the chunk owns
/// files is a failed attempt unless the answer says why no change was needed; files it claims but did not change are
/// a discrepancy recorded on the attempt and shown to the reviewer. A provider that cannot diff is not checked.
/// </summary>
internal static class ExecutorClaims
{
    /// <summary>The failure reason of a phantom done.</summary>
    public const string ChangedNothing = "claimed done but changed nothing";

    /// <summary>Why the attempt fails (null: it stands) and the claim that did not match the diff (null: none).</summary>
    public static (string? Failure, string? Discrepancy) Check(PlannedChunk chunk, ExecutorOutput output, WorkspaceCompletion completion)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(completion);
        if (!completion.Measured)
        {
            return (null, null);
        }

        var changed = completion.FilesChanged.Select(Normalise).ToHashSet(StringComparer.Ordinal);
        var unchanged = (output.FilesChanged ?? []).Where(f => !string.IsNullOrWhiteSpace(f) && !changed.Contains(Normalise(f))).Distinct(StringComparer.Ordinal).ToList();
        var discrepancy = unchanged.Count == 0 ? null : $"claimed to change {string.Join(", ", unchanged)}, but the diff does not change {(unchanged.Count == 1 ? "it" : "them")}";
        if (completion.FilesChanged.Count == 0 && chunk.Files.Count > 0 && output.NoChangeReason is null)
        {
            return (discrepancy is null ? ChangedNothing : $"{ChangedNothing} ({discrepancy})", discrepancy);
        }

        return (null, discrepancy);
    }

    private static string Normalise(string path)
    {
        var p = path.Trim().Replace('\\', '/');
        return p.StartsWith("./", StringComparison.Ordinal) ? p[2..] : p;
    }
}
