using System.Text.Json.Nodes;

namespace Orchestrator.Testing.FakeModelApis;

/// <summary>One request that reached a fake model API, as recorded for assertions.</summary>
/// <param name="Method">HTTP method.</param>
/// <param name="Path">Request path without the query string.</param>
/// <param name="Query">Query string including the leading <c>?</c>, or empty.</param>
/// <param name="Headers">Request headers (multi-valued headers joined with a comma).</param>
/// <param name="Body">Parsed JSON body, or null when there was none or it was not JSON.</param>
/// <param name="ToolNames">Names of the tools the request offered the model (<c>tools[].name</c>).</param>
/// <param name="Marker">The routing marker the request matched, if any.</param>
/// <param name="Reply">What the fake answered: the turn's type name, or a short description for non-model paths.</param>
/// <param name="Expected">False for requests the fake has no script for: unknown paths and model calls with an empty queue.</param>
public sealed record FakeApiRequest(
    string Method,
    string Path,
    string Query,
    IReadOnlyDictionary<string, string> Headers,
    JsonNode? Body,
    IReadOnlyList<string> ToolNames,
    string? Marker,
    string Reply,
    bool Expected);
