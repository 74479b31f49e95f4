namespace Orchestrator.Core.Build.Runs;

/// <summary>
/// An attempt's share of the run's budget, held while it runs (<see cref="BuildRunContext.Reserve"/>); disposing gives
/// it back. <see cref="Refused"/> says why the attempt may not start (nothing is held then).
/// </summary>
internal sealed class BudgetReservation(BuildRunContext context, decimal amount, string? refused) : IDisposable
{
    private int released;

    /// <summary>Why the attempt may not start ("budget exhausted: ...", a pause), or null.</summary>
    public string? Refused { get; } = refused;

    /// <summary>The expected cost held for the attempt.</summary>
    public decimal Amount { get; } = amount;

    public void Dispose()
    {
        if (Amount > 0 && Interlocked.Exchange(ref released, 1) == 0)
        {
            context.Release(Amount);
        }
    }
}
