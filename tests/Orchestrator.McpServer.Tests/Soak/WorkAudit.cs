using Orchestrator.Core.Agents;
using Orchestrator.Core.Build.Attempts;
using Orchestrator.Core.Build.Journal;
using Orchestrator.Core.Build.Journal.Events;
using Orchestrator.McpServer.Tests.Detached;

namespace Orchestrator.McpServer.Tests.Soak;

/// <summary>
/// After the soak: was every chunk's work applied exactly once (lost work), and was any finished attempt run again
/// or any agent started without a journalled attempt (duplicated work)? Evidence from three places that do not
/// depend on each other: the session trees' files, the runs' journals and result.json, and the agents' own log.
/// </summary>
internal static class WorkAudit
{
    /// <summary>One session's run to audit.</summary>
    public sealed record SoakRun(string SessionId, string RunId, string RunDirectory, string WorkTree, IReadOnlyList<string> ChunkIds);

    public static IReadOnlyList<string> Check(IReadOnlyList<SoakRun> runs, SleepingAgents agents, SoakFigures figures)
    {
        var problems = new List<string>();
        var invocations = agents.Invocations();
        figures.AgentInvocations = invocations.Count(i => i.Event == "start executor");
        foreach (var run in runs)
        {
            var events = RunJournal.ReadEvents(run.RunDirectory).OrderBy(e => e.Seq).ToList();
            var result = RunJournal.ReadResult(run.RunDirectory);
            AuditAttempts(run, events, problems, figures);
            foreach (var chunk in run.ChunkIds)
            {
                var file = Path.Combine(run.WorkTree, "src", chunk + ".txt");
                var applied = File.Exists(file) ? File.ReadAllText(file) : null;
                var perChunk = result?.PerChunk.SingleOrDefault(c => c.ChunkId == chunk);
                if (applied != chunk + "\n" || perChunk is not { Ok: true })
                {
                    figures.Lost++;
                    problems.Add($"{run.RunId} {chunk}: lost (file: {(applied is null ? "missing" : "'" + applied.Trim() + "'")}, result: {(perChunk is null ? "none" : perChunk.Ok ? "ok" : "not ok")})");
                }

                var journalled = events.OfType<AttemptStarted>().Count(e => e.Role == AgentRole.Executor && e.ChunkId == chunk);
                var started = invocations.Count(i => i.Event == "start executor" && i.Chunk == chunk);
                if (started > journalled)
                {
                    figures.Duplicated++;
                    problems.Add($"{run.RunId} {chunk}: {started} agent starts for {journalled} journalled attempts");
                }
            }
        }

        return problems;
    }

    /// <summary>
    /// Per attempt key: every attempt.started after one whose attempt.finished is in the journal is a finished attempt
    /// run again (duplicated); one after an attempt.started without a finish is an interrupted attempt run again (expected).
    /// </summary>
    private static void AuditAttempts(SoakRun run, IReadOnlyList<RunEvent> events, List<string> problems, SoakFigures figures)
    {
        var finished = new HashSet<string>(StringComparer.Ordinal);
        var open = new HashSet<string>(StringComparer.Ordinal);
        foreach (var runEvent in events)
        {
            switch (runEvent)
            {
                case AttemptStarted started:
                    figures.AttemptsStarted++;
                    if (finished.Contains(started.Key))
                    {
                        figures.Duplicated++;
                        problems.Add($"{run.RunId}: attempt {started.Key} started again (seq {started.Seq}) after it had finished");
                    }
                    else if (!open.Add(started.Key))
                    {
                        figures.InterruptedAttemptsRerun++;
                    }

                    break;
                case AttemptFinished ended:
                    figures.AttemptsFinished++;
                    open.Remove(ended.Key);

                    // A cancelled attempt is run again on resume by design; every other outcome is final.
                    if (ended.Outcome is not AttemptOutcome.Cancelled)
                    {
                        finished.Add(ended.Key);
                    }

                    break;
            }
        }
    }
}
