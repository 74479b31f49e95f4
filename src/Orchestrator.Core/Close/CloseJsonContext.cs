using System.Text.Json;
using System.Text.Json.Serialization;
using Orchestrator.Core.Close.Publishing;
using Orchestrator.Core.Close.Records;

namespace Orchestrator.Core.Close;

/// <summary>Generated JSON metadata for close's records (no reflection at run time, as the native build requires); options match <see cref="CloseJson.Lines"/>.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DictionaryKeyPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(SessionMetrics))]
[JsonSerializable(typeof(LearningEntry))]
[JsonSerializable(typeof(PublishPreview))]
public sealed partial class CloseJsonContext : JsonSerializerContext;
