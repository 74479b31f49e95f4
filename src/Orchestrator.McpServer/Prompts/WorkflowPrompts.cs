using System.ComponentModel;
using ModelContextProtocol.Server;
using Orchestrator.Core.Agents;

namespace Orchestrator.McpServer.Prompts;

/// <summary>
/// The workflow as prompts (slash commands in Claude Code): <c>orchestrate</c> walks the whole flow, the others one
/// phase each. They tell the client agent which tools to call in which order and what to show the user.
/// </summary>
[McpServerPromptType]
internal sealed class WorkflowPrompts
{
    private const string SessionIdHelp = "The session (from session_start). Default: the latest session of the repository.";

    [McpServerPrompt(Name = "orchestrate", Title = "Build a feature with the orchestrator")]
    [Description("The whole workflow: session, spec, plan, plan gate, divide, build gate, build (polled), result, concerns decision, close.")]
    public static string Orchestrate(
        [Description("The feature to build, in a sentence or two (omit to resume session_id).")] string? description = null,
        [Description("Resume this session instead of starting one.")] string? session_id = null) =>
        Join(
            $"Build this feature with the orchestrator MCP server's tools, step by step: {Target(description, session_id)}",
            session_id is null ? WorkflowSteps.Start : Resume(session_id),
            WorkflowSteps.Spec, WorkflowSteps.Plan, WorkflowSteps.PlanGate, WorkflowSteps.Divide, WorkflowSteps.BuildGate,
            WorkflowSteps.Build, WorkflowSteps.HostRunner, WorkflowSteps.Result, WorkflowSteps.Concerns, WorkflowSteps.Close,
            WorkflowSteps.Rules);

    [McpServerPrompt(Name = "spec", Title = "Research a rough spec")]
    [Description("Spec phase: parallel read-only research agents merged into a rough spec.")]
    public static string Spec([Description(SessionIdHelp)] string? session_id = null) =>
        Join($"Run the spec phase of orchestrator session {SessionText(session_id)}.", Resume(session_id), WorkflowSteps.Spec,
            "Next: the plan phase (the `plan` prompt, or `plan(session_id)`).", WorkflowSteps.Rules);

    [McpServerPrompt(Name = "plan", Title = "Plan and pass the plan gate")]
    [Description("Plan phase and its gate: the planner's plan, open questions, then the user's approve / refine / stop.")]
    public static string Plan(
        [Description(SessionIdHelp)] string? session_id = null,
        [Description("What the user wants changed in the current plan (re-plans with it).")] string? feedback = null) =>
        Join($"Run the plan phase of orchestrator session {SessionText(session_id)}." +
                (feedback is null ? "" : $" Re-plan with this feedback from the user: `plan(session_id, feedback: \"{feedback}\")`."),
            Resume(session_id), WorkflowSteps.Plan, WorkflowSteps.PlanGate,
            "Next, once the plan gate is approved: the `divide` prompt, or `divide(session_id)`.", WorkflowSteps.Rules);

    [McpServerPrompt(Name = "divide", Title = "Divide into chunks and pass the build gate")]
    [Description("Divide phase and its gate: the validated chunk plan, then the user's approve / adjust / cancel.")]
    public static string Divide([Description(SessionIdHelp)] string? session_id = null) =>
        Join($"Divide the approved plan of orchestrator session {SessionText(session_id)} into chunks.", Resume(session_id),
            "`divide` is refused until the plan gate is approved; the refusal says how to open it.",
            WorkflowSteps.Divide, WorkflowSteps.BuildGate,
            "Next, once the build gate is approved: the `build` prompt, or `build_start(session_id)`.", WorkflowSteps.Rules);

    [McpServerPrompt(Name = "build", Title = "Run the build and follow it")]
    [Description("Build phase: start the run, poll build_status (never one long call), the host-runner loop, the result and the concerns decision.")]
    public static string Build(
        [Description(SessionIdHelp)] string? session_id = null,
        [Description("Who runs the agents: claude, codex, command, or host (your own sub-agents). Default: the server's configuration.")] string? runner = null) =>
        Join($"Run the build of orchestrator session {SessionText(session_id)}" +
                (runner is null ? "." : $" with `build_start(session_id, runner: \"{runner}\")`."),
            Resume(session_id), "`build_start` is refused until the build gate is approved; the refusal says how to open it.",
            WorkflowSteps.Build, runner is null || RunnerKinds.TryParse(runner) == RunnerKind.Host ? WorkflowSteps.HostRunner : "", WorkflowSteps.Result, WorkflowSteps.Concerns,
            "Next: the `close` prompt, or `close(session_id)`.", WorkflowSteps.Rules);

    [McpServerPrompt(Name = "close", Title = "Close the session")]
    [Description("Close phase: plan verification, quality gate, commit (push optional), carryover issues, report.")]
    public static string Close([Description(SessionIdHelp)] string? session_id = null) =>
        Join($"Close orchestrator session {SessionText(session_id)}.", Resume(session_id),
            "If the last run ended with concerns that the user has not decided yet, settle them first:", WorkflowSteps.Concerns,
            WorkflowSteps.Close, WorkflowSteps.Rules);

    private static string Target(string? description, string? sessionId) => (description, sessionId) switch
    {
        (not null, _) => $"\"{description}\".",
        (null, not null) => $"resume session {sessionId}.",
        _ => "ask the user what to build first (a sentence or two), unless session_status shows an unfinished session they want to resume.",
    };

    private static string SessionText(string? sessionId) => sessionId is null ? "(the latest one: `session_status` without arguments shows it)" : sessionId;

    private static string Resume(string? sessionId) =>
        $"First call `session_status({(sessionId is null ? "" : $"session_id: \"{sessionId}\"")})` to see where the session is; " +
        "skip steps it has already passed and follow the refusal message of any tool that says a gate is still closed.";

    private static string Join(params string[] parts) => string.Join("\n\n", parts.Where(p => p.Length > 0));
}
