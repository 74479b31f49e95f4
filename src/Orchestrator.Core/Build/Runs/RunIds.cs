using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Orchestrator.Core.Sessions;

namespace Orchestrator.Core.Build.Runs;

/// <summary>Run ids (<c>run-20261121-101500-3f2a</c>) and where their directories live.</summary>
public static partial class RunIds
{
    public static string New(DateTimeOffset now) =>
        $"run-{now.UtcDateTime.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}-{Convert.ToHexString(RandomNumberGenerator.GetBytes(2)).ToLowerInvariant()}";

    /// <summary>True for ids that are safe folder names; anything else never reaches the file system.</summary>
    public static bool IsWellFormed(string? id) => id is not null && Shape().IsMatch(id);

    public static string RunsDirectory(ProjectContext project) => Path.Combine(project.OrchestratorDirectory, "runs");

    public static string DirectoryOf(ProjectContext project, string runId) => Path.Combine(RunsDirectory(project), runId);

    /// <summary>The run's directory, or null when <paramref name="runId"/> is not a well-formed run id (it never reaches the file system).</summary>
    public static string? TryDirectoryOf(ProjectContext project, string? runId) =>
        IsWellFormed(runId) ? DirectoryOf(project, runId!) : null;

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,95}$")]
    private static partial Regex Shape();
}
