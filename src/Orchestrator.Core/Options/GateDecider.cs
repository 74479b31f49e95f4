namespace Orchestrator.Core.Options;

/// <summary>
/// Who decides the gates (<c>gates:</c> in config.yaml, <c>--gates</c> on the command line): the user through an
/// elicitation form, the user on the HTTP dashboard, or the MCP client's own <c>decision</c> argument (headless
/// automation, where no person can answer a form).
/// </summary>
public enum GateDecider
{
    User,
    Dashboard,
    Client,
}
