using Orchestrator.Core.Build.Runs;
using Orchestrator.Core.Sessions;

namespace Orchestrator.Core.Close.Verification;

/// <summary>Close's first step: reads the session's chunks, plan and runs and classifies every chunk.</summary>
public static class SessionPlanVerifier
{
    public static async Task<VerifiedSession> VerifyAsync(ProjectContext project, SessionStore store, SessionState state, ICollection<string> problems, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(problems);
        var chunksJson = await store.ReadDocumentAsync(state.Session, "chunks.json", cancellationToken).ConfigureAwait(false);
        var planMarkdown = await store.ReadDocumentAsync(state.Session, "plan.md", cancellationToken).ConfigureAwait(false);
        var sessionChunks = SessionChunksReader.Read(chunksJson, Directory.Exists(state.WorkTree) ? state.WorkTree : null, out var chunksProblem);
        if (chunksProblem is not null)
        {
            problems.Add(chunksProblem);
        }

        var runs = RunEvidenceReader.Read(RunIds.RunsDirectory(project), state.Runs);
        var verification = PlanVerifier.Verify(sessionChunks, runs, planMarkdown);
        foreach (var problem in verification.Problems)
        {
            problems.Add(problem);
        }

        return new VerifiedSession(verification, runs);
    }
}
