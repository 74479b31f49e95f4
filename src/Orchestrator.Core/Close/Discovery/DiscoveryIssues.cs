using System.Text;
using Orchestrator.Core.Sessions;
using Orchestrator.Core.Trackers;

namespace Orchestrator.Core.Close.Discovery;

/// <summary>The <c>[Discovery]</c> issue for a high or critical finding of the discovery scan (one per kind and file, never twice).</summary>
public static class DiscoveryIssues
{
    public static IssueDraft For(SessionState session, DiscoveryFinding finding)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(finding);
        var marker = IssueMarker.For("discovery-scan", [finding.Kind, finding.File]);
        var what = finding.Kind switch
        {
            "secret" => "a value that looks like a secret",
            "large_file" => "a large file",
            _ => finding.Kind.Replace('_', ' '),
        };
        var body = new StringBuilder();
        body.AppendLine($"Close's discovery scan found {what} in the changes of orchestrator session `{session.Session}` ({session.Description.Trim()}).").AppendLine();
        body.AppendLine($"**File:** `{finding.File}{(finding.Line is null ? "" : $":{finding.Line}")}`");
        body.AppendLine($"**Severity:** {finding.Severity}");
        body.AppendLine($"**Detail:** {finding.Detail}");
        body.AppendLine().AppendLine("## Revisit-Trigger");
        body.AppendLine(finding.Kind == "secret"
            ? "- Now: remove the value from the code, rotate it if it is real, and keep it in the environment or a secret store."
            : $"- Before the branch is merged: deal with `{finding.File}` or close this issue with the reason it is fine.");
        body.AppendLine().AppendLine(IssueMarker.Comment(marker));
        var title = $"[Discovery] {what} in {finding.File}";
        return new IssueDraft(title.Length <= 100 ? title : title[..97] + "...", body.ToString(), ["type:discovery", $"priority:{(finding.Severity == "critical" ? "critical" : "high")}", "status:ready"], marker);
    }
}
