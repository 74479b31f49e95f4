using System.Text.Json;
using Orchestrator.Core.Build.Journal;
using Orchestrator.Core.Build.Journal.Events;
using Orchestrator.Core.Common;
using Orchestrator.Core.Planning;

namespace Orchestrator.Core.Build.Runs;

/// <summary>
/// Records a new run whose worker never began it (the program could not be started, or it exited or stayed silent
/// before taking the run): <c>run.started</c> from <c>request.json</c>, <c>run.finished</c> failed with the reason, and
/// <c>result.json</c>, so the run has a journal like any other and reads failed with its reason instead of being a
/// folder nobody can explain. A resumed run already has a journal and is left as it is (still resumable).
/// </summary>
internal static class RunStartFailure
{
    /// <summary>The failed result it recorded, or null when the run already had a journal.</summary>
    public static BuildRunResult? Record(string runDirectory, string reason, TimeProvider timeProvider)
    {
        if (RunJournal.ReadEvents(runDirectory).Count > 0)
        {
            return null;
        }

        var request = RunRequestRecord.Read(runDirectory);
        var result = new BuildRunResult { RunId = Path.GetFileName(Path.TrimEndingDirectorySeparator(runDirectory)), Status = BuildRunStatus.Failed, StopReason = reason };
        AtomicFile.WriteAllText(Path.Combine(runDirectory, RunJournal.ResultFileName), JsonSerializer.Serialize(result, BuildJson.TypeInfo<BuildRunResult>(BuildJson.Indented)));
        using var journal = RunJournalWriter.Open(runDirectory, timeProvider, null, out _);
        journal.Append(new RunStarted
        {
            RunId = result.RunId,
            WorkingDirectory = request?.WorkingDirectory ?? "",
            Input = request?.Input,
            Chunks = request is null ? null : ChunkPlanValidator.ValidateWaves(request.Input.Waves, request.WorkingDirectory).Plan?.Chunks,
            Options = request?.Options,
        }, RunEventTypes.RunStarted);
        journal.Append(new RunFinished { Status = BuildRunStatus.Failed, StopReason = reason });
        return result;
    }
}
