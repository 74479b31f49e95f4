using System.ComponentModel;
using System.Text.Json;
using System.Text;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Orchestrator.Core.Build.Runs;
using Orchestrator.Core.Close.Publishing;
using Orchestrator.Core.Gates;
using Orchestrator.Core.Options;
using Orchestrator.Core.Planning;
using Orchestrator.Core.Sessions;
using Orchestrator.McpServer.Tools.Results;

namespace Orchestrator.McpServer.Tools;

/// <summary>
/// <c>approve</c>: a gate decision, by whoever the gate policy names. <c>user</c> (default): with elicitation the user
/// answers a form (decided_by "user"); without it the caller's decision is recorded as decided_by "client".
/// <c>client</c>: the caller's decision counts, no form (headless automation). <c>dashboard</c>: refused here; the user
/// decides on the page.
/// </summary>
[McpServerToolType]
internal sealed class GateTools(GateService gates, BuildRunReader runs, SessionProjectResolver projects, GatePolicyResolver policy)
{
    private const int MaxMessageChars = 3000;

    /// <summary>The key of the gate form among an MRTR call's input requests and responses.</summary>
    private const string GateFormKey = "gate_form";

    [McpServerTool(Name = "approve", Title = "Record a gate decision", UseStructuredContent = true,
        OutputSchemaType = typeof(ApproveToolResult), Destructive = false, Idempotent = false, OpenWorld = false)]
    [Description("Records the USER decision at a gate: plan, build (after divide), concerns (after findings), failures, publish (close asked). " +
        "Asks by form when the client can; else pass what the user said. Never decide for them.")]
    public async Task<CallToolResult> Approve(
        McpServerInstance server,
        RequestContext<CallToolRequestParams> call,
        string session_id,
        [Description("plan | build | concerns | failures | publish")] string gate,
        [Description("approve | refine | stop; concerns: address | defer; failures: retry[_up] | address | defer | abandon")] string decision,
        [Description("The user words: what to change, why.")] string? note = null,
        string? project_root = null,
        CancellationToken cancellationToken = default)
    {
        var sessionId = SessionProjectResolver.RequireSessionId(session_id);
        var gateName = (gate ?? "").Trim().ToLowerInvariant();
        var allowed = GateNames.DecisionsFor(gateName);
        if (allowed.Count == 0)
        {
            throw new ToolRefusedException($"gate \"{gate}\" does not exist. Use \"plan\" (after plan), \"build\" (after divide), \"concerns\" (after a run with review concerns) or \"publish\" (after close asked for it).");
        }

        var project = await projects.ResolveAsync(project_root, server, cancellationToken).ConfigureAwait(false);
        var state = ToolResults.Unwrap(await new SessionStore(project.SessionsDirectory).LoadAsync(sessionId, cancellationToken).ConfigureAwait(false));
        var decider = await policy.ResolveAsync(project, cancellationToken).ConfigureAwait(false);
        if (decider == GateDecider.Dashboard)
        {
            throw new ToolRefusedException(
                $"Gates here are decided on the dashboard (gates: dashboard), so approve records nothing over MCP. Show the user the {gateName} gate " +
                $"and ask them to decide it there: {GatePolicy.DashboardHint(policy.DashboardUrl())}. Then call session_status to see their decision.");
        }

        var decidedBy = GatePolicy.DecidedByClient;
        var chosen = (decision ?? "").Trim().ToLowerInvariant();
        var words = note;
        if (decider == GateDecider.User && server.ClientCapabilities?.Elicitation is not null && GateNames.Of(state.Gates, gateName).Status == GateState.Open)
        {
            var request = await BuildFormAsync(project, state, gateName, allowed.Contains(chosen) ? chosen : allowed[0], cancellationToken).ConfigureAwait(false);
            var answer = await AskAsync(server, call, request, cancellationToken).ConfigureAwait(false);
            if (!answer.IsAccepted)
            {
                throw new ToolRefusedException(
                    $"The user did not decide the {gateName} gate (they chose \"{answer.Action}\"), so it stays open and nothing advanced. " +
                    GatePolicy.WaysForward(gateName, policy.DashboardUrl()));
            }

            chosen = Text(answer.Content, "decision") ?? chosen;
            words = Text(answer.Content, "note") ?? note;
            decidedBy = GatePolicy.DecidedByUser;
        }

        var decided = ToolResults.Unwrap(await gates.DecideAsync(project, sessionId, gateName, chosen, words, decidedBy, cancellationToken).ConfigureAwait(false));
        var blockers = decided.UnresolvedBlockers.Select(b => FindingToolResult.From(b).ToString()).ToList();
        var next = Next(decided);
        var result = new ApproveToolResult(sessionId, decided.Gate, decided.Decision, decided.DecidedBy, decided.Status, decided.Note, decided.Phase,
            blockers, decided.FollowUp?.Chunks.Select(c => $"{c.Id} [{c.Model ?? "sonnet"}] {c.Scope} ({string.Join(", ", c.Files ?? [])})").ToList() ?? []);
        var summary = new StringBuilder($"{decided.Gate} gate: {decided.Decision} (decided by {decided.DecidedBy}). {next}");
        if (decided.Decision == GateNames.Defer)
        {
            summary.Append("\nDeferred:");
            foreach (var finding in decided.Findings.Select(FindingToolResult.From))
            {
                summary.Append("\n- ").Append(finding);
            }
        }

        if (blockers.Count > 0)
        {
            // Unresolved blockers are never retried silently: they are spelled out for the user every time.
            summary.Append("\nUnresolved blockers (listed in full):");
            foreach (var blocker in blockers)
            {
                summary.Append("\n- ").Append(blocker);
            }
        }

        return ToolResults.Structured(result, summary.ToString());
    }

    /// <summary>
    /// Shows the form. A client that speaks MRTR (2026-07-28) gets it as an input-required result and calls approve again
    /// with the answer, which also works when that revision is served statelessly over HTTP (no server waits between
    /// the two calls); older clients get an elicitation request while this call waits.
    /// </summary>
    private static async Task<ElicitResult> AskAsync(McpServerInstance server, RequestContext<CallToolRequestParams> call, ElicitRequestParams form,
        CancellationToken cancellationToken)
    {
        if (call.Params?.InputResponses?.TryGetValue(GateFormKey, out var response) == true
            && response.Deserialize(InputResponse.ElicitResultJsonTypeInfo) is { } answered)
        {
            return answered;
        }

        if (server.IsMrtrSupported)
        {
            throw new InputRequiredException(new Dictionary<string, InputRequest> { [GateFormKey] = InputRequest.ForElicitation(form) }, requestState: null);
        }

        return await server.ElicitAsync(form, cancellationToken).ConfigureAwait(false);
    }

    private static string Next(GateDecisionResult d) => (d.Gate, d.Decision) switch
    {
        (GateNames.Plan, GateNames.Approve) => "Next: divide.",
        (GateNames.Plan, GateNames.Refine) => "Next: plan with the user's feedback, then ask again.",
        (GateNames.Build, GateNames.Approve) => "Next: build_start.",
        (GateNames.Build, GateNames.Refine) => "Next: divide with the adjusted chunks or tiers, then ask again.",
        (GateNames.Concerns, GateNames.Address) => $"A follow-up plan with {d.FollowUp?.Chunks.Count ?? 0} chunk(s), one per finding, is at the build gate: show it and ask approve(gate: \"build\"), then build_start.",
        (GateNames.Publish, GateNames.Approve) => "Next: call close again with the same arguments; it commits and pushes exactly what was shown.",
        (GateNames.Publish, _) => "Nothing will be committed or pushed. To end the session without publishing, call close with commit: false, push: false.",
        (GateNames.Concerns, GateNames.Defer) => $"{d.Findings.Count} finding(s) deferred to close's report and carryover. Next: close.",
        (GateNames.Failures, GateNames.Retry or GateNames.RetryUp or GateNames.Address) =>
            $"A plan of the {d.FollowUp?.Chunks.Count ?? 0} chunk(s) not done{(d.Decision == GateNames.RetryUp ? ", one tier up" : "")} is at the build gate: show it and ask approve(gate: \"build\"), then build_start.",
        (GateNames.Failures, GateNames.Defer) => "The chunks not done go to close's report and carryover issues. Next: close.",
        (GateNames.Failures, GateNames.Abandon) => "The chunks not done are abandoned (close still reports them). Next: close.",
        _ => "The user stopped here; nothing advances until plan or divide runs again.",
    };

    private async Task<ElicitRequestParams> BuildFormAsync(ProjectContext project, SessionState state, string gate, string suggested, CancellationToken cancellationToken)
    {
        var store = new SessionStore(project.SessionsDirectory);
        var message = new StringBuilder();
        var options = new List<ElicitRequestParams.EnumSchemaOption>();
        switch (gate)
        {
            case GateNames.Plan:
                message.Append($"Approve the plan for \"{state.Description}\"?\n\n");
                message.Append(await store.ReadDocumentAsync(state.Session, SessionDocuments.Plan, cancellationToken).ConfigureAwait(false) ?? "(no plan.md)");
                options.Add(new() { Const = GateNames.Approve, Title = "Approve the plan" });
                options.Add(new() { Const = GateNames.Refine, Title = "Refine it (say what to change)" });
                options.Add(new() { Const = GateNames.Stop, Title = "Stop" });
                break;
            case GateNames.Build:
                message.Append($"Dispatch the build agents for \"{state.Description}\"? This spends money.\n\n");
                var chunksText = await store.ReadDocumentAsync(state.Session, SessionDocuments.Chunks, cancellationToken).ConfigureAwait(false);
                foreach (var chunk in (chunksText is null ? null : SessionChunkPlan.Parse(chunksText, out _))?.Chunks ?? [])
                {
                    message.Append($"- {chunk.Id} [{chunk.Model ?? "sonnet"}] {chunk.Scope} ({string.Join(", ", chunk.Files ?? [])})\n");
                }

                options.Add(new() { Const = GateNames.Approve, Title = "Approve and dispatch" });
                options.Add(new() { Const = GateNames.Refine, Title = "Adjust chunks or model tiers (say how)" });
                options.Add(new() { Const = GateNames.Stop, Title = "Cancel" });
                break;
            case GateNames.Publish:
                message.Append($"Publish the work of \"{state.Description}\"? Approving lets close commit and push exactly this:\n\n");
                var preview = PublishPreview.Parse(await store.ReadDocumentAsync(state.Session, PublishPreview.FileName, cancellationToken).ConfigureAwait(false));
                message.Append(preview?.Describe() ?? "(no preview: call close again to see it)");
                options.Add(new() { Const = GateNames.Approve, Title = "Approve: commit and push this" });
                options.Add(new() { Const = GateNames.Stop, Title = "Stop: publish nothing" });
                break;
            default:
                message.Append("The last build run left review findings. Address them now (one follow-up chunk per finding) or defer them to close's carryover?\n\n");
                var runId = state.Runs.LastOrDefault();
                var finished = runId is null ? null : runs.Result(project, runId);
                if (finished?.Value is { } result)
                {
                    foreach (var finding in result.UnresolvedBlockers.Concat(result.Concerns).Select(ResultFindingToolResult.From))
                    {
                        message.Append("- ").Append(finding).Append('\n');
                    }
                }

                options.Add(new() { Const = GateNames.Address, Title = "Address now" });
                options.Add(new() { Const = GateNames.Defer, Title = "Defer to carryover" });
                break;
        }

        var text = message.ToString();
        return new ElicitRequestParams
        {
            Message = text.Length <= MaxMessageChars ? text : text[..MaxMessageChars] + "\n... (see session_status for the rest)",
            RequestedSchema = new ElicitRequestParams.RequestSchema
            {
                Properties = new Dictionary<string, ElicitRequestParams.PrimitiveSchemaDefinition>
                {
                    ["decision"] = new ElicitRequestParams.TitledSingleSelectEnumSchema { Title = "Decision", OneOf = options, Default = suggested },
                    ["note"] = new ElicitRequestParams.StringSchema { Title = "Note", Description = "What to change, or why (optional)" },
                },
                Required = ["decision"],
            },
        };
    }

    private static string? Text(IDictionary<string, JsonElement>? content, string key) =>
        content is not null && content.TryGetValue(key, out var value) && value.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(value.GetString())
            ? value.GetString()!.Trim()
            : null;
}
