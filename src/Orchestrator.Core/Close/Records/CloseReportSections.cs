using System.Globalization;
using System.Text;
using Orchestrator.Core.Build.Runs;

namespace Orchestrator.Core.Close.Records;

/// <summary>The report's sections beyond the source's four: safety review, discovery, doc drift, nits, waves, publish and hand-off.</summary>
internal static class CloseReportSections
{
    /// <summary>Dollars in text are rounded to cents (the JSON keeps the exact sum).</summary>
    public static string Dollars(decimal amount) => "$" + Math.Round(amount, 2, MidpointRounding.AwayFromZero).ToString("0.00", CultureInfo.InvariantCulture);

    public static void Safety(StringBuilder md, CloseResult result)
    {
        var s = result.Safety;
        md.AppendLine().AppendLine("### Safety Review");
        md.AppendLine(CultureInfo.InvariantCulture, $"- Agents: {s.Complete.Count} complete, {s.Partial.Count} partial, {s.Spiral.Count} spiral, {s.Failed.Count} failed");
        foreach (var (label, ids) in new[] { ("Partial", s.Partial), ("Spiral (3+ attempts or a timeout without finishing)", s.Spiral), ("Failed", s.Failed) })
        {
            if (ids.Count > 0)
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"- {label}: {string.Join(", ", ids)}");
            }
        }

        md.AppendLine(s.ScopeViolations.Count == 0 ? "- Scope violations: none" : "- Scope violations:\n" + string.Join('\n', s.ScopeViolations.Select(v => $"  - {v}")));
        md.AppendLine(s.IsolationFallbacks.Count == 0 ? "- Isolation fallbacks: none" : "- Isolation fallbacks:\n" + string.Join('\n', s.IsolationFallbacks.Select(v => $"  - {v}")));
    }

    public static void Discovery(StringBuilder md, CloseResult result)
    {
        md.AppendLine().AppendLine("### Discovery Scan");
        md.AppendLine(result.Discoveries.Count == 0
            ? "- Nothing found on the changed lines (secrets, large files, debug artefacts, TODO/FIXME)."
            : string.Join('\n', result.Discoveries.Select(d => $"- {d.Severity} {d.Kind.Replace('_', ' ')}: `{d.File}{(d.Line is null ? "" : $":{d.Line}")}` {d.Detail}{(d.IsFiled ? " (filed as [Discovery])" : "")}")));
        md.AppendLine().AppendLine("### Doc Drift");
        md.AppendLine(result.Drift.Count == 0
            ? "- The top-level docs' paths and commands still hold."
            : string.Join('\n', result.Drift.Select(d => $"- {d}")));
    }

    public static void Nits(StringBuilder md, CloseResult result)
    {
        if (result.Nits.Count > 0)
        {
            md.AppendLine().AppendLine("### Nits");
            md.AppendLine(string.Join('\n', result.Nits.Select(n => $"- {RunHandoffBuilder.Describe(n)}")));
        }
    }

    public static void Waves(StringBuilder md, SessionMetrics m)
    {
        foreach (var wave in m.Waves)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"  - wave {wave.Wave}: {wave.Done}/{wave.Chunks} chunks done, {wave.Attempts} attempt(s), {Dollars(wave.CostUsd)}");
        }
    }

    public static void Publish(StringBuilder md, CloseResult result)
    {
        if (result.Publish is not { } publish)
        {
            return;
        }

        md.AppendLine().AppendLine("### Publish");
        md.AppendLine(result.AwaitingPublishApproval
            ? "The publish gate is open: nothing is committed or pushed until the user approves exactly this (approve(gate: \"publish\")), then close runs again."
            : $"Approved by {result.PublishDecidedBy ?? "the user"}:");
        md.Append(publish.Describe());
    }

    public static void Handoff(StringBuilder md, CloseResult result)
    {
        if (result.Handoff is { } handoff)
        {
            md.AppendLine().AppendLine("### Hand-off");
            md.Append(handoff.ToMarkdown());
        }
    }
}
