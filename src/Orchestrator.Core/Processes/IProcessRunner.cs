namespace Orchestrator.Core.Processes;

/// <summary>Runs child processes: closed stdin, captured output, timeout and cancellation that kill the whole tree.</summary>
public interface IProcessRunner
{
    Task<ProcessResult> RunAsync(ProcessSpec spec, CancellationToken cancellationToken);
}
