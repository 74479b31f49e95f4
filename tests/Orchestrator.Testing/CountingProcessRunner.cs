using System.Collections.Concurrent;
using Orchestrator.Core.Processes;

namespace Orchestrator.Testing;

/// <summary>The real process runner, recording every process it starts (to prove work is not repeated).</summary>
public sealed class CountingProcessRunner(TimeProvider timeProvider) : IProcessRunner
{
    private readonly ProcessRunner inner = new(timeProvider);
    private readonly ConcurrentQueue<ProcessSpec> started = new();

    public CountingProcessRunner()
        : this(TimeProvider.System)
    {
    }

    /// <summary>Every process started so far, in order.</summary>
    public IReadOnlyList<ProcessSpec> Started => [.. started];

    /// <summary>How many started processes ran <paramref name="fileName"/> with <paramref name="argument"/> among their arguments.</summary>
    public int Count(string fileName, string argument) =>
        started.Count(spec => spec.FileName == fileName && spec.Arguments.Contains(argument));

    public Task<ProcessResult> RunAsync(ProcessSpec spec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        started.Enqueue(spec);
        return inner.RunAsync(spec, cancellationToken);
    }
}
