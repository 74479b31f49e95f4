using System.Text.RegularExpressions;
using Orchestrator.Core.Close.QualityGate;

namespace Orchestrator.Core.Close.Discovery;

/// <summary>
/// The discovery scan over the session's changed lines (added lines of the session diff) and files: debug artefacts,
/// TODO/FIXME markers added, secret-looking values (reported masked), and files over 1 MB.
/// </summary>
public static partial class DiscoveryScanner
{
    public const long LargeFileBytes = 1_000_000;

    public static IReadOnlyList<DiscoveryFinding> Scan(string sessionDiff, string workTree, IReadOnlyList<string> sessionFiles)
    {
        ArgumentNullException.ThrowIfNull(sessionDiff);
        ArgumentNullException.ThrowIfNull(sessionFiles);
        var added = DebugArtefactScanner.AddedLines(sessionDiff).ToList();
        var found = new List<DiscoveryFinding>();
        foreach (var (file, line, text) in added)
        {
            if (SecretPattern(text) is { } secret)
            {
                found.Add(new DiscoveryFinding("secret", "critical", file, line, $"{secret} ({Mask(text)})"));
            }
            else if (TodoMarker().Match(text) is { Success: true } todo)
            {
                found.Add(new DiscoveryFinding("todo", "low", file, line, $"{todo.Groups[1].Value} added: {Cut(text.Trim())}"));
            }
        }

        found.AddRange(DebugArtefactScanner.Scan(added).Select(a => new DiscoveryFinding("debug_artefact", "medium", a.File, a.Line, $"{a.Pattern}: {Cut(a.Text)}")));
        foreach (var file in sessionFiles)
        {
            var info = new FileInfo(Path.Combine(workTree, file));
            if (info.Exists && info.Length > LargeFileBytes)
            {
                found.Add(new DiscoveryFinding("large_file", "high", file, null, $"{info.Length / 1_000_000.0:0.0} MB added or changed; keep large files out of git (LFS, a release asset, or generated at build time)"));
            }
        }

        return found;
    }

    /// <summary>What kind of secret the line looks like it holds, or null.</summary>
    public static string? SecretPattern(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return PrivateKey().IsMatch(text) ? "private key"
            : AwsKey().IsMatch(text) ? "AWS access key id"
            : GitHubToken().IsMatch(text) ? "GitHub token"
            : SlackToken().IsMatch(text) ? "Slack token"
            : ApiKey().IsMatch(text) ? "API key (sk-...)"
            : Assignment().IsMatch(text) ? "hard-coded credential"
            : null;
    }

    /// <summary>The line with anything that looks like a value replaced, so the report never repeats a secret.</summary>
    private static string Mask(string text) => Cut(LongValue().Replace(text.Trim(), m => m.Value[..Math.Min(4, m.Value.Length)] + "***"));

    private static string Cut(string text) => text.Length > 120 ? text[..120] + "..." : text;

    [GeneratedRegex(@"-----BEGIN ([A-Z]+ )?PRIVATE KEY-----")]
    private static partial Regex PrivateKey();

    [GeneratedRegex(@"\b(AKIA|ASIA)[0-9A-Z]{16}\b")]
    private static partial Regex AwsKey();

    [GeneratedRegex(@"\b(gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{40,})\b")]
    private static partial Regex GitHubToken();

    [GeneratedRegex(@"\bxox[baprs]-[A-Za-z0-9-]{10,}")]
    private static partial Regex SlackToken();

    [GeneratedRegex(@"\bsk-(ant-)?[A-Za-z0-9_-]{20,}")]
    private static partial Regex ApiKey();

    [GeneratedRegex(@"(?i)\b(password|passwd|secret|api[_-]?key|access[_-]?token|auth[_-]?token)\b\s*[:=]\s*[""'][^""'\s]{8,}[""']")]
    private static partial Regex Assignment();

    [GeneratedRegex(@"[A-Za-z0-9_\-+/=]{12,}")]
    private static partial Regex LongValue();

    [GeneratedRegex(@"(?:^|[^A-Za-z])(TODO|FIXME|XXX|HACK)\b")]
    private static partial Regex TodoMarker();
}
