using System.Text;

namespace Orchestrator.Core.Build.Runs;

/// <summary>
/// The hand-off (the source's Phase 7) that build_result and close's report end with: a one-line outcome, the files
/// changed grouped by chunk, the branch and what is committed or not, the test status, and the caveats (deferred
/// concerns, chunks left for manual handling, nits).
/// </summary>
public sealed record Handoff(
    string Outcome,
    IReadOnlyList<HandoffChunk> Chunks,
    string Branch,
    string Committed,
    IReadOnlyList<string> Uncommitted,
    string Tests,
    IReadOnlyList<string> Caveats)
{
    public string ToMarkdown()
    {
        var md = new StringBuilder();
        md.Append("- Outcome: ").Append(Outcome).Append('\n');
        md.Append("- Branch: `").Append(Branch).Append("`; ").Append(Committed).Append('\n');
        if (Uncommitted.Count > 0)
        {
            md.Append("- Uncommitted: ").Append(string.Join(", ", Uncommitted.Take(20).Select(f => $"`{f}`"))).Append(Uncommitted.Count > 20 ? $" (+{Uncommitted.Count - 20} more)" : "").Append('\n');
        }

        md.Append("- Tests: ").Append(Tests).Append('\n');
        md.Append("- Files by chunk:\n");
        foreach (var chunk in Chunks)
        {
            md.Append("  - ").Append(chunk.ChunkId).Append(" (").Append(chunk.Status).Append("): ")
                .Append(chunk.Files.Count == 0 ? "(no files)" : string.Join(", ", chunk.Files.Select(f => $"`{f}`"))).Append('\n');
        }

        md.Append("- Caveats:").Append(Caveats.Count == 0 ? " none\n" : "\n");
        foreach (var caveat in Caveats)
        {
            md.Append("  - ").Append(caveat).Append('\n');
        }

        return md.ToString();
    }
}
