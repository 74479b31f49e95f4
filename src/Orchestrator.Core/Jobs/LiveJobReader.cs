using System.Text.Json;
using Orchestrator.Core.Build.Runs;
using Orchestrator.Core.Planning;
using Orchestrator.Core.Sessions;

namespace Orchestrator.Core.Jobs;

/// <summary>
/// Reads detached phase jobs from their folders (<see cref="JobFiles"/>), whichever server started them: a job is live
/// while its worker holds <c>job.lock</c> (or, briefly, while that worker is starting) and it has no
/// <c>outcome.json</c>. The same files every server reads, so session_status shows another server's job too.
/// </summary>
public static class LiveJobReader
{
    /// <summary>A job folder without a lock or outcome younger than this is a worker still starting, not a dead one.</summary>
    public static readonly TimeSpan StartGrace = TimeSpan.FromSeconds(60);

    /// <summary>The session's live job (at most one runs at a time), or null.</summary>
    public static LiveJob? LiveFor(ProjectContext project, string sessionId, TimeProvider timeProvider)
    {
        var root = JobFiles.Root(project);
        if (!Directory.Exists(root))
        {
            return null;
        }

        return Directory.EnumerateDirectories(root)
            .Where(d => JobFiles.IsWellFormed(Path.GetFileName(d)) && JobOutcome.Read(d) is null)
            .Select(d => (Directory: d, Record: JobRecord.Read(d)))
            .Where(j => j.Record is not null && j.Record.SessionId == sessionId && IsLiveOrStarting(j.Directory, timeProvider))
            .OrderByDescending(j => File.GetLastWriteTimeUtc(Path.Combine(j.Directory, JobRecord.FileName)))
            .Select(j => Describe(j.Directory, j.Record!, timeProvider))
            .FirstOrDefault();
    }

    /// <summary>Whether a worker holds the job, or one is still starting for it (no lock and no outcome yet, within <see cref="StartGrace"/>).</summary>
    public static bool IsLiveOrStarting(string directory, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        return RunLocks.LiveOwner(directory, timeProvider, JobFiles.LockFileName) is not null
            || (!File.Exists(Path.Combine(directory, JobFiles.LockFileName)) && JobOutcome.Read(directory) is null
                && timeProvider.GetUtcNow().UtcDateTime - File.GetLastWriteTimeUtc(Path.Combine(directory, JobRecord.FileName)) < StartGrace);
    }

    /// <summary>The complete progress lines so far (a line still being written has no end yet and waits for the next read).</summary>
    public static IReadOnlyList<JobProgress?> ReadProgress(string directory)
    {
        try
        {
            var path = Path.Combine(directory, JobFiles.ProgressFileName);
            if (!File.Exists(path))
            {
                return [];
            }

            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            var text = reader.ReadToEnd();
            var end = text.LastIndexOf('\n');
            return end < 0 ? [] : text[..end].Split('\n').Select(Parse).ToList();
        }
        catch (IOException)
        {
            return [];
        }
    }

    private static LiveJob Describe(string directory, JobRecord record, TimeProvider timeProvider) =>
        new(record.JobId, record.SessionId, record.Kind, RunLocks.LiveOwner(directory, timeProvider, JobFiles.LockFileName),
            ReadProgress(directory).LastOrDefault(p => p is not null));

    private static JobProgress? Parse(string text)
    {
        try
        {
            return JsonSerializer.Deserialize(text, JobJson.TypeInfo<JobProgress>());
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
