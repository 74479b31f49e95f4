namespace Orchestrator.Core.Planning;

/// <summary>
/// Progress of a server-owned job as it happens: the message a person reads, and where the job is (step
/// <see cref="Step"/> of <see cref="Total"/>; a <see cref="Total"/> of 0 means the job cannot say how far it is), so
/// callers number MCP progress from the values instead of parsing the text.
/// </summary>
public sealed record JobProgress(string Message, int Step, int Total)
{
    /// <summary>Progress of a job that cannot count its steps (one agent at work).</summary>
    public static JobProgress Indeterminate(string message) => new(message, 0, 0);

    public bool IsCounted => Total > 0;

    public override string ToString() => IsCounted ? $"{Message}, step {Step} of {Total}" : Message;
}
