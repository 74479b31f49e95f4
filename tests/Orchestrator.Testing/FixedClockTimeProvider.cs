namespace Orchestrator.Testing;

/// <summary>
/// A clock whose wall time is set by the test (for deterministic journal timestamps); timers and timestamps stay
/// real so delays and timeouts behave normally.
/// </summary>
public sealed class FixedClockTimeProvider(DateTimeOffset now) : TimeProvider
{
    private DateTimeOffset _now = now;

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow() => _now;

    /// <summary>Moves the wall clock forward.</summary>
    public void Advance(TimeSpan by) => _now += by;
}
