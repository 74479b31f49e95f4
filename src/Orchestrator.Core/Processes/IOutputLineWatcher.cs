namespace Orchestrator.Core.Processes;

/// <summary>
/// Sees a child's standard output line by line while it runs (an agent CLI's event stream), so a runner can stop a
/// child that misbehaves before its timeout: a non-null answer stops the whole tree with that reason.
/// </summary>
public interface IOutputLineWatcher
{
    /// <summary>Called once per stdout line, in order; returns why the child must stop, or null to let it run.</summary>
    string? Observe(string line);
}
