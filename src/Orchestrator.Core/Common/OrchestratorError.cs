namespace Orchestrator.Core.Common;

/// <summary>An expected failure: what went wrong and how to fix it, in one message a user or model can act on.</summary>
public sealed record OrchestratorError(ErrorCode Code, string Message)
{
    public override string ToString() => Message;
}
