using System.Text.Json;
using System.Text.Json.Serialization;

namespace Orchestrator.Core.Common;

/// <summary>Generated JSON metadata for plain values (a text, a JSON element), for code that serialises nothing else.</summary>
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(JsonElement))]
public sealed partial class CommonJsonContext : JsonSerializerContext;
