namespace Orchestrator.Core.Close;

/// <summary>A step of close as it starts (1-based of <see cref="Total"/>), so a client can show close is alive while tests run.</summary>
public sealed record CloseProgress(int Step, string Message)
{
    public const int Total = 8;
}
