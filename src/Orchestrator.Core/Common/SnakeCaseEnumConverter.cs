using System.Text.Json;
using System.Text.Json.Serialization;

namespace Orchestrator.Core.Common;

/// <summary>
/// Writes and reads an enum as its snake_case name (<c>NotStarted</c> as <c>"not_started"</c>): put on a status enum
/// with <c>[JsonConverter(typeof(SnakeCaseEnumConverter&lt;T&gt;))]</c>, so its JSON is the same string the contract names.
/// </summary>
public sealed class SnakeCaseEnumConverter<T>() : JsonStringEnumConverter<T>(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false)
    where T : struct, Enum;
