namespace Orchestrator.McpServer.Tests.Fuzz;

/// <summary>What a fuzz input must get back, on top of the checks every input gets.</summary>
internal enum FuzzExpectation
{
    /// <summary>Refused (naming an argument of the call) or accepted: the value may be valid after all.</summary>
    Answered,

    /// <summary>A tool error naming an argument of the call: a plan no server may accept, for example.</summary>
    Refused,

    /// <summary>
    /// An argument the SDK binds is missing or of the wrong JSON type: a tool error that names that very argument
    /// (before the fix the SDK answered "An error occurred invoking '&lt;tool&gt;'.").
    /// </summary>
    RefusedNamingTheArgument,

    /// <summary>The request itself is malformed: JSON-RPC -32602 naming the field (before: -32603 "An error occurred.").</summary>
    InvalidParamsNamingTheField,
}
