using System.Text.Json;
using System.Text.Json.Serialization;

namespace Orchestrator.Core.Sessions;

/// <summary>Generated JSON metadata for the session lock file (no reflection at run time, as the native build requires).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true)]
[JsonSerializable(typeof(LockOwner))]
[JsonSerializable(typeof(SessionStartIntent))]
internal sealed partial class SessionJsonContext : JsonSerializerContext;
