using System.Text;
using Orchestrator.Core.Close.Issues;
using Orchestrator.Core.Close.Verification;
using Orchestrator.Core.Sessions;

namespace Orchestrator.Core.Close.Commits;

/// <summary>
/// Decides what to commit: the files of done chunks that are really changed in the session tree, one commit per
/// wave, with a Conventional Commit message (<c>type(scope): description</c>, a bullet per chunk, <c>Closes #N</c>).
/// Files of unfinished chunks and files the session never touched are left out, even when dirty.
/// </summary>
public static class CommitPlanner
{
    private const int SubjectLimit = 72;

    /// <param name="session">The session.</param>
    /// <param name="verification">Plan verification.</param>
    /// <param name="changedFiles">Every path git reports as changed in the session tree (staged, unstaged, untracked).</param>
    /// <param name="carryoverReferences">Carryover issue references ("#5") mentioned in the messages.</param>
    public static IReadOnlyList<CommitGroup> Plan(SessionState session, PlanVerification verification, IReadOnlyCollection<string> changedFiles, IReadOnlyList<string> carryoverReferences)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(verification);
        ArgumentNullException.ThrowIfNull(changedFiles);
        var changed = changedFiles.ToHashSet(StringComparer.Ordinal);
        var taken = new HashSet<string>(StringComparer.Ordinal);
        var done = verification.Chunks.Where(c => c.IsDone).GroupBy(c => c.Wave).OrderBy(g => g.Key).ToList();
        var allDone = verification.Chunks.All(c => c.IsDone);
        var groups = new List<(int Wave, List<ChunkVerdict> Chunks, List<string> Files)>();
        foreach (var wave in done)
        {
            var files = new List<string>();
            var chunks = new List<ChunkVerdict>();
            foreach (var chunk in wave)
            {
                // What the run recorded, plus the owned files (a runner may under-report); only what git sees as changed.
                var mine = chunk.FilesChanged.Concat(chunk.Files).Select(Normalise).Where(f => changed.Contains(f) && taken.Add(f)).ToList();
                files.AddRange(mine);
                chunks.Add(chunk);
            }

            if (files.Count > 0)
            {
                groups.Add((wave.Key, chunks, files));
            }
        }

        var result = new List<CommitGroup>();
        for (var i = 0; i < groups.Count; i++)
        {
            var (wave, chunks, files) = groups[i];
            // A lone chunk names itself; several chunks are the session's feature (or a wave of it).
            var description = chunks.Count == 1 && !(groups.Count == 1 && allDone)
                ? chunks[0].Scope
                : session.Description + (groups.Count > 1 ? $" (wave {wave})" : "");
            result.Add(new CommitGroup(wave, chunks.Select(c => c.ChunkId).ToList(), files,
                Message(session, chunks, files, description, allDone, carryoverReferences)));
        }

        return result;
    }

    private static string Message(SessionState session, IReadOnlyList<ChunkVerdict> chunks, IReadOnlyList<string> files, string description, bool allDone, IReadOnlyList<string> carryover)
    {
        var type = TypeOf(session.Branch, files);
        var scope = ScopeOf(files);
        var prefix = scope is null ? $"{type}: " : $"{type}({scope}): ";
        var text = OneLine(description);
        text = LowerFirstWord(text);

        text = text.TrimEnd('.');
        if (prefix.Length + text.Length > SubjectLimit)
        {
            text = text[..Math.Max(10, SubjectLimit - prefix.Length - 3)].TrimEnd() + "...";
        }

        var body = new StringBuilder().Append(prefix).Append(text).Append("\n\n");
        foreach (var chunk in chunks)
        {
            body.Append("- ").Append(chunk.ChunkId).Append(": ").Append(OneLine(chunk.Scope));
            if (chunk.Summary is { Length: > 0 } summary && !string.Equals(OneLine(summary), OneLine(chunk.Scope), StringComparison.OrdinalIgnoreCase))
            {
                body.Append(" (").Append(OneLine(summary).TrimEnd('.')).Append(')');
            }

            body.Append('\n');
        }

        var issues = CarryoverIssues.IssueNumbers(session);
        if (issues.Count > 0)
        {
            // An issue is closed only by the session that finishes it; with carryover left it is referenced instead.
            body.Append('\n').Append(allDone ? "Closes " : "Refs ").Append(string.Join(", ", issues.Select(n => $"#{n}"))).Append('\n');
        }

        if (carryover.Count > 0)
        {
            body.Append(issues.Count > 0 ? "" : "\n").Append("Carryover: ").Append(string.Join(", ", carryover)).Append('\n');
        }

        body.Append(issues.Count > 0 || carryover.Count > 0 ? "" : "\n").Append("Orchestrator-Session: ").Append(session.Session).Append('\n');
        return body.ToString();
    }

    private static string TypeOf(string branch, IReadOnlyList<string> files)
    {
        if (files.All(f => f.EndsWith(".md", StringComparison.OrdinalIgnoreCase) || f.StartsWith("docs/", StringComparison.Ordinal)))
        {
            return "docs";
        }

        if (files.All(f => f.Split('/').Any(s => s is "test" or "tests" or "__tests__") || f.Contains(".test.", StringComparison.Ordinal) || f.Contains("_test.", StringComparison.Ordinal)))
        {
            return "test";
        }

        return branch switch
        {
            _ when branch.StartsWith("worktree-bug-", StringComparison.Ordinal) => "fix",
            _ when branch.StartsWith("worktree-chore-", StringComparison.Ordinal) => "chore",
            _ => "feat",
        };
    }

    private static string? ScopeOf(IReadOnlyList<string> files)
    {
        var directories = files.Select(f => f.Split('/')[..^1]).ToList();
        if (directories.Any(d => d.Length == 0))
        {
            return null;
        }

        var common = new List<string>();
        for (var i = 0; directories.All(d => d.Length > i && d[i] == directories[0][i]); i++)
        {
            common.Add(directories[0][i]);
        }

        var scope = common.LastOrDefault(s => s is not ("src" or "lib" or "app" or "pkg"));
        return scope is null ? common.LastOrDefault() : scope.ToLowerInvariant();
    }

    /// <summary>
    /// "Greeting message" -> "greeting message", but a first word with more capitals or symbols keeps its case
    /// ("API", "CHUNK=3", "iOS", "GitHub"): lowering only its first letter would garble it.
    /// </summary>
    public static string LowerFirstWord(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var word = text.Split(' ', 2)[0];
        return word.Length > 0 && char.IsUpper(word[0]) && word.Skip(1).All(char.IsLower)
            ? char.ToLowerInvariant(text[0]) + text[1..]
            : text;
    }

    private static string Normalise(string path) => path.Replace('\\', '/').TrimStart('/');

    private static string OneLine(string text) => string.Join(' ', text.Split((char[])['\n', '\r', '\t', ' '], StringSplitOptions.RemoveEmptyEntries));
}
