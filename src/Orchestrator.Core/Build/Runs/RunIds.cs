using System.Globalization;
using System.Security.Cryptography;
using Orchestrator.Core.Common;
using Orchestrator.Core.Sessions;

namespace Orchestrator.Core.Build.Runs;

/// <summary>Run ids (<c>run-20261121-101500-3f2a</c>) and where their directories live.</summary>
public static class RunIds
{
    public static string New(DateTimeOffset now) =>
        $"run-{now.UtcDateTime.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}-{Convert.ToHexString(RandomNumberGenerator.GetBytes(2)).ToLowerInvariant()}";

    /// <summary>True for ids of the one safe shape (<see cref="SafeIds"/>); anything else never reaches the file system.</summary>
    public static bool IsWellFormed(string? id) => SafeIds.IsValid(id);

    public static string RunsDirectory(ProjectContext project) => Path.Combine(project.OrchestratorDirectory, "runs");

    /// <summary>The run's folder, confined to the runs folder (a symbolic link leading elsewhere is refused).</summary>
    public static string DirectoryOf(ProjectContext project, string runId) =>
        RealPaths.Confined(RunsDirectory(project), Path.Combine(RunsDirectory(project), runId));

    /// <summary>The run's directory, or null when <paramref name="runId"/> is not a well-formed run id (it never reaches the file system).</summary>
    public static string? TryDirectoryOf(ProjectContext project, string? runId) =>
        IsWellFormed(runId) ? DirectoryOf(project, runId!) : null;
}
