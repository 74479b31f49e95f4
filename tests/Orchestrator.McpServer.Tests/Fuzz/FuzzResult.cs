namespace Orchestrator.McpServer.Tests.Fuzz;

/// <summary>How the server answered one fuzz input.</summary>
internal enum FuzzResult
{
    /// <summary>A tool error result (isError).</summary>
    Refused,

    /// <summary>A JSON-RPC -32602 error (the request itself was malformed).</summary>
    InvalidParams,

    /// <summary>A normal result: the input was acceptable after all (extra arguments are ignored, for example).</summary>
    Accepted,

    /// <summary>No answer within the call timeout.</summary>
    Hang,

    /// <summary>Any other JSON-RPC error (-32603 and the like): the server failed.</summary>
    Crash,
}
