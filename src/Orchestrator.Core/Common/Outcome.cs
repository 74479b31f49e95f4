using System.Diagnostics.CodeAnalysis;

namespace Orchestrator.Core.Common;

/// <summary>A value or an expected failure. The engine returns these instead of throwing.</summary>
public sealed record Outcome<T>
{
    private Outcome(T? value, OrchestratorError? error)
    {
        Value = value;
        Error = error;
    }

    public T? Value { get; }

    public OrchestratorError? Error { get; }

    [MemberNotNullWhen(true, nameof(Value))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool Succeeded => Error is null;

    public static Outcome<T> Success(T value) => new(value, null);

    public static Outcome<T> Failure(ErrorCode code, string message) => new(default, new OrchestratorError(code, message));

    public static Outcome<T> Failure(OrchestratorError error) => new(default, error);

    public static implicit operator Outcome<T>(OrchestratorError error) => Failure(error);
}
