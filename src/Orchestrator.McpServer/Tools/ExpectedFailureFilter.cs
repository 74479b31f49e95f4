using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Orchestrator.Core.Common;

namespace Orchestrator.McpServer.Tools;

/// <summary>
/// Every failed tool call answers with an error result that names what was wrong and the fix:
/// <list type="bullet">
/// <item>arguments that do not fit the tool's input schema are refused before the SDK binds them
/// (<see cref="ToolArgumentChecker"/>), since the SDK's own binding error names neither argument nor fix;</item>
/// <item>a <see cref="ToolRefusedException"/> (bad input, closed gate, locked session) or a
/// <see cref="PathEscapeException"/> (a planted symbolic link) becomes its message, logged at Information: a refused
/// call is normal use, not a server failure worth an error line and a stack trace;</item>
/// <item>anything else is a bug: logged as an error, and the caller still learns which tool failed and how.</item>
/// </list>
/// Error texts are cut at <see cref="MaxErrorLength"/> characters so a huge bad argument never comes back whole.
/// </summary>
internal static partial class ExpectedFailureFilter
{
    /// <summary>The longest error text a tool returns.</summary>
    public const int MaxErrorLength = 4_000;

    public static McpRequestHandler<CallToolRequestParams, CallToolResult> Wrap(McpRequestHandler<CallToolRequestParams, CallToolResult> next) =>
        async (context, cancellationToken) =>
        {
            var tool = context.Params?.Name ?? "?";
            if (context.MatchedPrimitive is McpServerTool matched
                && ToolArgumentChecker.Problem(tool, matched.ProtocolTool.InputSchema, context.Params?.Arguments) is { } badArgument)
            {
                return Refused(context, badArgument);
            }

            try
            {
                return await next(context, cancellationToken).ConfigureAwait(false);
            }
            catch (ToolRefusedException refusal)
            {
                return Refused(context, refusal.Message);
            }
            catch (Exception ex) when (ex is PathEscapeException or CorruptStateFileException)
            {
                // A planted symbolic link, or a damaged state file: refused, the message names the path and the fix.
                return Refused(context, ex.Message);
            }
            catch (Exception ex) when (ex is JsonException or ArgumentException or FormatException or NotSupportedException && !cancellationToken.IsCancellationRequested)
            {
                // Binding failures the schema check could not foresee (a shape the schema leaves open).
                return Refused(context, $"{tool} could not read a JSON value ({InputEcho.Truncate(ex.Message, 300)}). " +
                    "If it is one of your arguments, check it against the tool's input schema (tools/list) and call again.");
            }
            catch (Exception ex) when (ex is not OperationCanceledException and not McpException and not InputRequiredException)
            {
                // InputRequiredException is not a failure: it is how the SDK asks a stateless (2026-07-28) client for a
                // gate form's answer, and it must reach the SDK.
                if (Logger(context) is { } logger)
                {
                    LogFailed(logger, tool, ex);
                }

                return Error($"{tool} failed inside the server ({ex.GetType().Name}: {InputEcho.Truncate(ex.Message, 300)}). This is a bug, not your input: the server log has the details. " +
                    "Retry once; if it fails again, session_status shows the state, and the log belongs in a bug report.");
            }
        };

    private static CallToolResult Refused(RequestContext<CallToolRequestParams> context, string message)
    {
        if (Logger(context) is { } logger)
        {
            LogRefused(logger, context.Params?.Name ?? "?", Cut(message));
        }

        return Error(message);
    }

    private static CallToolResult Error(string message) =>
        new() { IsError = true, Content = [new TextContentBlock { Text = Cut(message) }] };

    private static string Cut(string message) =>
        message.Length <= MaxErrorLength
            ? message
            : string.Create(CultureInfo.InvariantCulture, $"{message[..MaxErrorLength]}... (cut: the full text has {message.Length:N0} characters)");

    private static ILogger? Logger(RequestContext<CallToolRequestParams> context) =>
        context.Services?.GetService(typeof(ILoggerFactory)) is ILoggerFactory factory ? factory.CreateLogger("Orchestrator.McpServer.Tools") : null;

    [LoggerMessage(Level = LogLevel.Information, Message = "{Tool} refused: {Reason}")]
    private static partial void LogRefused(ILogger logger, string tool, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Tool} failed")]
    private static partial void LogFailed(ILogger logger, string tool, Exception exception);
}
