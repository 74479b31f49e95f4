namespace Orchestrator.Core.Build.Journal.Events;

/// <summary><c>tests.finished</c>: the server ran the test command over the whole session tree at the end.</summary>
public sealed record TestsFinished : RunEvent
{
    /// <summary>Null when the verifier could not tell.</summary>
    public bool? Passed { get; init; }

    public string? Detail { get; init; }
}
