namespace Orchestrator.Testing;

/// <summary>What a scripted agent does.</summary>
public enum ScriptedStepKind
{
    /// <summary>Completes with the given structured output.</summary>
    Output,

    /// <summary>Completes with raw text that is not valid JSON (or not the schema).</summary>
    Garbage,

    /// <summary>Reports a runner failure.</summary>
    Fail,

    /// <summary>Never answers; ends as Cancelled when its token is cancelled.</summary>
    Hang,

    /// <summary>Never answers and ignores its token (the engine must still end it).</summary>
    HangIgnoringCancellation,

    /// <summary>Throws from RunAsync (a buggy runner).</summary>
    Throw,
}
