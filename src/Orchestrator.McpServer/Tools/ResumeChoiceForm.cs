using System.Text.Json;
using ModelContextProtocol.Protocol;
using Orchestrator.Core.Options;
using Orchestrator.Core.Sessions;

namespace Orchestrator.McpServer.Tools;

/// <summary>
/// Asks the user, by form, whether to resume one of the unfinished sessions or start a new one; only under the
/// <c>user</c> gate policy and when the client shows forms (elsewhere session_start lists them and the caller chooses).
/// </summary>
internal sealed class ResumeChoiceForm(SessionService sessions, GatePolicyResolver policy)
{
    public const string NewSession = "new";

    /// <returns>A session id to resume, <see cref="NewSession"/>, or null when nobody chose (no form, or not answered).</returns>
    public async Task<string?> AskAsync(McpServerInstance server, string directory, IReadOnlyList<ResumableSession> resumable, CancellationToken cancellationToken)
    {
        if (server.ClientCapabilities?.Elicitation is null)
        {
            return null;
        }

        var project = ToolResults.Unwrap(await sessions.LocateAsync(directory, cancellationToken).ConfigureAwait(false));
        if (await policy.ResolveAsync(project, cancellationToken).ConfigureAwait(false) != GateDecider.User)
        {
            return null;
        }

        var options = resumable
            .Select(r => new ElicitRequestParams.EnumSchemaOption { Const = r.SessionId, Title = $"Resume: {r.Description} (phase {r.Phase}, branch {r.Branch})" })
            .Append(new ElicitRequestParams.EnumSchemaOption { Const = NewSession, Title = "Start a new session" })
            .ToList();
        var answer = await server.ElicitAsync(new ElicitRequestParams
        {
            Message = $"{resumable.Count} unfinished session(s) exist in this repository. Resume one (same branch and worktree) or start a new one?",
            RequestedSchema = new ElicitRequestParams.RequestSchema
            {
                Properties = new Dictionary<string, ElicitRequestParams.PrimitiveSchemaDefinition>
                {
                    ["session"] = new ElicitRequestParams.TitledSingleSelectEnumSchema { Title = "Session", OneOf = options, Default = resumable[0].SessionId },
                },
                Required = ["session"],
            },
        }, cancellationToken).ConfigureAwait(false);
        return answer.IsAccepted && answer.Content is { } content && content.TryGetValue("session", out var value) && value.ValueKind == JsonValueKind.String
            && options.Any(o => o.Const == value.GetString())
            ? value.GetString()
            : null;
    }
}
