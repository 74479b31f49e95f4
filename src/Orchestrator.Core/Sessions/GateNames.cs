namespace Orchestrator.Core.Sessions;

/// <summary>The gates and the decisions each accepts.</summary>
public static class GateNames
{
    public const string Plan = "plan";
    public const string Build = "build";
    public const string Concerns = "concerns";
    public const string Publish = "publish";
    public const string Failures = "failures";

    public const string Approve = "approve";
    public const string Refine = "refine";
    public const string Stop = "stop";
    public const string Address = "address";
    public const string Defer = "defer";
    public const string Retry = "retry";
    public const string RetryUp = "retry_up";
    public const string Abandon = "abandon";

    /// <summary>The decisions <paramref name="gate"/> accepts, or an empty list for an unknown gate.</summary>
    public static IReadOnlyList<string> DecisionsFor(string gate) => gate switch
    {
        Plan or Build => [Approve, Refine, Stop],
        Concerns => [Address, Defer],
        Publish => [Approve, Stop],
        Failures => [Retry, RetryUp, Address, Defer, Abandon],
        _ => [],
    };

    public static GateState Of(SessionGates gates, string gate) => gate switch
    {
        Plan => gates.Plan,
        Build => gates.Build,
        Concerns => gates.Concerns,
        Publish => gates.Publish,
        Failures => gates.Failures,
        _ => throw new ArgumentOutOfRangeException(nameof(gate), gate, "unknown gate"),
    };

    public static SessionGates With(SessionGates gates, string gate, GateState state) => gate switch
    {
        Plan => gates with { Plan = state },
        Build => gates with { Build = state },
        Concerns => gates with { Concerns = state },
        Publish => gates with { Publish = state },
        Failures => gates with { Failures = state },
        _ => throw new ArgumentOutOfRangeException(nameof(gate), gate, "unknown gate"),
    };
}
