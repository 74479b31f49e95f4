using System.Text.Json;
using System.Text.RegularExpressions;
using Orchestrator.Core.Git;

namespace Orchestrator.Core.Close.Drift;

/// <summary>
/// The drift check of the top-level docs (README and the other Markdown files at the root of the session tree): every
/// relative path they name in backticks or links must exist, every <c>npm run</c> script must be in package.json and
/// every <c>make</c> target in the Makefile. A path counts only when it held at the session's start ref and no longer
/// does (this session broke it). Counts in prose are not checked.
/// </summary>
public sealed partial class DocDriftChecker(IGit git)
{
    private const int MaxReported = 30;
    private const int MaxGitChecks = 200;

    public async Task<IReadOnlyList<DocDrift>> CheckAsync(string workTree, string? sessionStartRef, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(workTree))
        {
            return [];
        }

        var scripts = NpmScripts(workTree);
        var targets = MakeTargets(workTree);
        var drift = new List<DocDrift>();
        var checks = 0;
        foreach (var document in Directory.EnumerateFiles(workTree, "*.md").Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(document);
            var lines = await File.ReadAllLinesAsync(document, cancellationToken).ConfigureAwait(false);
            var fenced = false;
            for (var i = 0; i < lines.Length && drift.Count < MaxReported; i++)
            {
                var line = lines[i];
                if (line.TrimStart().StartsWith("```", StringComparison.Ordinal))
                {
                    fenced = !fenced;
                }

                foreach (var reference in References(line, fenced))
                {
                    var path = reference.TrimEnd('/');
                    // Only what held at the session's start is drift this session caused: names that never resolved
                    // (relative to another folder, examples) are not checked against anything.
                    if (!File.Exists(Path.Combine(workTree, path)) && !Directory.Exists(Path.Combine(workTree, path)) && checks++ < MaxGitChecks
                        && await ExistedAsync(workTree, sessionStartRef, path, cancellationToken).ConfigureAwait(false))
                    {
                        drift.Add(new DocDrift(name, i + 1, "path", reference, true));
                    }
                }

                foreach (Match run in NpmRun().Matches(line))
                {
                    if (scripts is not null && !scripts.Contains(run.Groups[1].Value))
                    {
                        drift.Add(new DocDrift(name, i + 1, "npm script", run.Groups[1].Value, false));
                    }
                }

                foreach (Match make in MakeRun().Matches(line))
                {
                    if (targets is not null && !targets.Contains(make.Groups[1].Value))
                    {
                        drift.Add(new DocDrift(name, i + 1, "make target", make.Groups[1].Value, false));
                    }
                }
            }
        }

        return drift;
    }

    /// <summary>Relative paths a line names: in backticks (outside code blocks) or as a Markdown link target.</summary>
    private static IEnumerable<string> References(string line, bool fenced)
    {
        var candidates = LinkTarget().Matches(line).Select(m => m.Groups[1].Value);
        if (!fenced)
        {
            candidates = candidates.Concat(Backticked().Matches(line).Select(m => m.Groups[1].Value));
        }

        return candidates.Select(c => c.Split('#')[0]).Where(LooksLikePath).Distinct(StringComparer.Ordinal);
    }

    private static bool LooksLikePath(string text) =>
        text.Length is > 2 and < 200
        && PathShape().IsMatch(text)
        && !text.Contains("://", StringComparison.Ordinal)
        && !text.StartsWith('/') && !text.StartsWith('~') && !text.StartsWith('-') && !text.StartsWith('.')
        && (text.Contains('/', StringComparison.Ordinal) || KnownExtension().IsMatch(text));

    private async Task<bool> ExistedAsync(string workTree, string? startRef, string path, CancellationToken cancellationToken) =>
        startRef is not null && (await git.RunAsync(workTree, ["cat-file", "-e", $"{startRef}:{path}"], cancellationToken).ConfigureAwait(false)).Succeeded;

    private static HashSet<string>? NpmScripts(string workTree)
    {
        var path = Path.Combine(workTree, "package.json");
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            using var json = JsonDocument.Parse(File.ReadAllText(path));
            return json.RootElement.TryGetProperty("scripts", out var scripts) && scripts.ValueKind == JsonValueKind.Object
                ? scripts.EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal)
                : [];
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static HashSet<string>? MakeTargets(string workTree)
    {
        var path = Path.Combine(workTree, "Makefile");
        return File.Exists(path)
            ? File.ReadAllLines(path).Select(l => MakeTarget().Match(l)).Where(m => m.Success).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal)
            : null;
    }

    [GeneratedRegex(@"`([^`\s]+)`")]
    private static partial Regex Backticked();

    [GeneratedRegex(@"\]\(([^)\s]+)\)")]
    private static partial Regex LinkTarget();

    [GeneratedRegex(@"^[A-Za-z0-9_][A-Za-z0-9_./-]*$")]
    private static partial Regex PathShape();

    [GeneratedRegex(@"\.(md|cs|csproj|sln|slnx|json|ya?ml|toml|ts|tsx|js|mjs|py|go|rs|sh|txt|props|targets|html|css|png|svg)$")]
    private static partial Regex KnownExtension();

    [GeneratedRegex(@"\bnpm run ([A-Za-z0-9:_-]+)")]
    private static partial Regex NpmRun();

    [GeneratedRegex(@"(?:^|[`\s])make ([A-Za-z0-9_-]+)")]
    private static partial Regex MakeRun();

    [GeneratedRegex(@"^([A-Za-z0-9_.-]+)\s*:(?!=)")]
    private static partial Regex MakeTarget();
}
