using Microsoft.Extensions.Logging;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Orchestrator.Core.Common;

namespace Orchestrator.McpServer.Tools;

/// <summary>
/// Answers a <see cref="ToolRefusedException"/> with an error result (its message names the fix) and logs it at
/// Information: a refused call is normal use, not a server failure worth an error line and a stack trace.
/// </summary>
internal static partial class ExpectedFailureFilter
{
    public static McpRequestHandler<CallToolRequestParams, CallToolResult> Wrap(McpRequestHandler<CallToolRequestParams, CallToolResult> next) =>
        async (context, cancellationToken) =>
        {
            try
            {
                return await next(context, cancellationToken).ConfigureAwait(false);
            }
            catch (ToolRefusedException refusal)
            {
                return Refused(context, refusal.Message);
            }
            catch (PathEscapeException escape)
            {
                // A derived path that would leave its folder (a planted symbolic link): refused, with the link named.
                return Refused(context, escape.Message);
            }
        };

    private static CallToolResult Refused(RequestContext<CallToolRequestParams> context, string message)
    {
        var logger = context.Services?.GetService(typeof(ILoggerFactory)) is ILoggerFactory factory
            ? factory.CreateLogger("Orchestrator.McpServer.Tools")
            : null;
        if (logger is not null)
        {
            LogRefused(logger, context.Params?.Name ?? "?", message);
        }

        return new CallToolResult { IsError = true, Content = [new TextContentBlock { Text = message }] };
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Tool} refused: {Reason}")]
    private static partial void LogRefused(ILogger logger, string tool, string reason);
}
