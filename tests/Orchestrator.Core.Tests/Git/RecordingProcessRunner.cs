using System.Collections.Concurrent;
using Orchestrator.Core.Processes;

namespace Orchestrator.Core.Tests.Git;

/// <summary>The real process runner, keeping a list of what it ran: tests that care which git commands a step takes.</summary>
internal sealed class RecordingProcessRunner : IProcessRunner
{
    private readonly ProcessRunner _inner = new();
    private readonly ConcurrentQueue<ProcessSpec> _started = new();

    public Task<ProcessResult> RunAsync(ProcessSpec spec, CancellationToken cancellationToken)
    {
        _started.Enqueue(spec);
        return _inner.RunAsync(spec, cancellationToken);
    }

    /// <summary>The git commands run since the last <see cref="Clear"/>, each as "git arg arg ...".</summary>
    public IReadOnlyList<string> GitCommands() =>
        _started.Where(spec => Path.GetFileName(spec.FileName) == "git").Select(spec => "git " + string.Join(' ', spec.Arguments)).ToList();

    public void Clear() => _started.Clear();
}
