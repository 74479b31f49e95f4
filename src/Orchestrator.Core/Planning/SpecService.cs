using System.Text;
using Microsoft.Extensions.Logging;
using Orchestrator.Core.Agents;
using Orchestrator.Core.Common;
using Orchestrator.Core.Planning.PhaseAgents;
using Orchestrator.Core.Sessions;

namespace Orchestrator.Core.Planning;

/// <summary>
/// Phase 1 (spec): two to four read-only research agents in parallel, merged into a rough spec saved as spec.md; or
/// the host's own findings. Records on the session whether the work is correctness-critical (the planner's tier).
/// </summary>
public sealed partial class SpecService(
    SessionWriter writer,
    ISessionActivity activity,
    PhaseRunnerSelector runners,
    PhaseAgentDispatcher dispatcher,
    ILogger<SpecService> logger)
{
    public const int MaxAngles = 4;

    public TimeSpan AgentTimeout { get; init; } = TimeSpan.FromMinutes(15);

    public async Task<Outcome<SpecResult>> RunAsync(
        ProjectContext project,
        string sessionId,
        IReadOnlyList<ResearchAngle>? angles,
        string? findings,
        IProgress<JobProgress>? progress,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(project);
        var store = new SessionStore(project.SessionsDirectory);
        var loaded = await SessionPhaseGuard.LoadWritableAsync(store, sessionId, activity, "run the spec phase", cancellationToken).ConfigureAwait(false);
        if (!loaded.Succeeded)
        {
            return loaded.Error;
        }

        var state = loaded.Value;

        if (angles is { Count: > MaxAngles })
        {
            return Outcome<SpecResult>.Failure(ErrorCode.InvalidArgument,
                $"{angles.Count} angles given; the spec phase runs at most {MaxAngles} research agents. Merge related angles and call spec again.");
        }

        SpecResult result;
        if (!string.IsNullOrWhiteSpace(findings))
        {
            var spec = $"# Rough spec\n\n## Feature\n{state.Description}\n\n## Findings (host-supplied)\n{findings.Trim()}\n";
            var critical = OpusReviewAdvisor.CriticalAreasIn(state.Description + "\n" + findings).Count > 0;
            result = new SpecResult(spec, [new SpecAngleResult("host", "host", true, FirstLine(findings))], critical, 0m);
        }
        else
        {
            var runner = await runners.SelectAsync(project, cancellationToken).ConfigureAwait(false);
            if (!runner.Succeeded)
            {
                return Outcome<SpecResult>.Failure(runner.Error.Code,
                    $"The research agents cannot run: {runner.Error.Message} Or research with your own tools and pass the result as `findings`.");
            }

            var chosen = angles is { Count: > 0 } ? angles : ResearchAngles.ChooseFor(state.Description);
            var finished = 0;
            progress?.Report(new JobProgress($"research: 0/{chosen.Count} angles done", 0, chosen.Count));
            var answers = await Task.WhenAll(chosen.Select(async angle =>
            {
                var answer = await ResearchAsync(project, state, runner.Value, angle, cancellationToken).ConfigureAwait(false);
                var done = Interlocked.Increment(ref finished);
                progress?.Report(new JobProgress($"research: {done}/{chosen.Count} angles done ({angle.Name})", done, chosen.Count));
                return answer;
            })).ConfigureAwait(false);
            if (answers.All(a => a.Output is null))
            {
                return Outcome<SpecResult>.Failure(ErrorCode.InvalidArgument,
                    "Every research agent failed: " + string.Join("; ", answers.Select(a => $"{a.Angle.Name}: {a.Error}")) +
                    ". Fix the runner (see the logs under the session's agents/ folder) and call spec again, or pass your own findings as `findings`.");
            }

            result = Merge(state, answers);
        }

        var written = await writer.WriteDocumentAsync(project, sessionId, SessionDocuments.Spec, result.RoughSpec, cancellationToken).ConfigureAwait(false);
        if (!written.Succeeded)
        {
            return written.Error;
        }

        var updated = await writer.UpdateAsync(project, sessionId, s => Outcome<SessionState>.Success(s with
        {
            Phase = s.Phase is SessionPhase.Started or SessionPhase.Spec ? SessionPhase.Spec : s.Phase,
            CorrectnessCritical = s.CorrectnessCritical || result.CorrectnessCritical,
        }), cancellationToken).ConfigureAwait(false);
        if (!updated.Succeeded)
        {
            return updated.Error;
        }

        LogSpecWritten(sessionId, result.Angles.Count(a => a.Ok), result.Angles.Count);
        return Outcome<SpecResult>.Success(result);
    }

    private async Task<ResearchAnswer> ResearchAsync(ProjectContext project, SessionState state, IAgentRunner runner, ResearchAngle angle, CancellationToken cancellationToken)
    {
        var log = Path.Combine(project.SessionsDirectory, state.Session, "agents", $"spec-{Safe(angle.Name)}.log");
        var job = new AgentJob($"spec:{state.Session}:{angle.Name}", $"spec-{state.Session}", AgentRole.Researcher, angle.Tier,
            PhaseAgentPrompts.Researcher(state.Description, angle), state.WorkTree, PhaseAgentSchemas.Researcher, AgentTimeout, log, null, 1);
        var answer = await dispatcher.RunAsync(runner, job, cancellationToken).ConfigureAwait(false);
        if (!answer.Completed)
        {
            return new ResearchAnswer(angle, null, answer.FailureReason, answer.CostUsd);
        }

        var parsed = PhaseAgentOutputParser.ParseResearcher(answer.Output);
        return new ResearchAnswer(angle, parsed.Value, parsed.Error, answer.CostUsd);
    }

    private static SpecResult Merge(SessionState state, IReadOnlyList<ResearchAnswer> answers)
    {
        var text = new StringBuilder();
        text.Append("# Rough spec\n\n## Feature\n").Append(state.Description.Trim()).Append("\n\n");
        foreach (var answer in answers)
        {
            text.Append("## ").Append(answer.Angle.Name).Append(" (").Append(answer.Angle.Tier.ToName()).Append(")\n");
            if (answer.Output is not { } output)
            {
                text.Append("Research failed: ").Append(answer.Error).Append("\n\n");
                continue;
            }

            text.Append(output.Summary.Trim()).Append('\n');
            AppendList(text, "Locations", output.Locations?.Select(l => $"{l.File}{(l.Line is { } line ? $":{line}" : "")}: {l.Note}"));
            AppendList(text, "Conventions", output.Conventions);
            AppendList(text, "Constraints", output.Constraints);
            text.Append('\n');
        }

        var critical = answers.Any(a => a.Output?.CorrectnessCritical == true) || OpusReviewAdvisor.CriticalAreasIn(state.Description).Count > 0;
        var angles = answers.Select(a => new SpecAngleResult(a.Angle.Name, a.Angle.Tier.ToName(), a.Output is not null,
            a.Output is { } o ? FirstLine(o.Summary) : a.Error ?? "failed")).ToList();
        return new SpecResult(text.ToString(), angles, critical, answers.Sum(a => a.CostUsd));
    }

    private static void AppendList(StringBuilder text, string title, IEnumerable<string>? items)
    {
        var list = items?.Where(i => !string.IsNullOrWhiteSpace(i)).ToList() ?? [];
        if (list.Count == 0)
        {
            return;
        }

        text.Append('\n').Append(title).Append(":\n");
        foreach (var item in list)
        {
            text.Append("- ").Append(item.Trim()).Append('\n');
        }
    }

    private static string FirstLine(string text)
    {
        var line = text.Trim().Split('\n')[0].Trim();
        return line.Length <= 200 ? line : line[..200] + "...";
    }

    private static string Safe(string name) => new(name.Select(c => char.IsAsciiLetterOrDigit(c) || c == '-' ? c : '-').ToArray());

    [LoggerMessage(Level = LogLevel.Information, Message = "Spec of session {SessionId} written ({Ok}/{Total} angles ok)")]
    private partial void LogSpecWritten(string sessionId, int ok, int total);

    private sealed record ResearchAnswer(ResearchAngle Angle, ResearcherOutput? Output, string? Error, decimal CostUsd);
}
