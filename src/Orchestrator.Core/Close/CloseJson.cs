using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Orchestrator.Core.Close;

/// <summary>JSON for close's records on disk: snake_case, one object per line.</summary>
public static class CloseJson
{
    public static JsonSerializerOptions Lines { get; } = Create();

    /// <summary>The generated metadata for <typeparamref name="T"/> (a type missing from <see cref="CloseJsonContext"/> fails here, in every build).</summary>
    public static JsonTypeInfo<T> TypeInfo<T>() => (JsonTypeInfo<T>)Lines.GetTypeInfo(typeof(T));

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            DictionaryKeyPolicy = JsonNamingPolicy.SnakeCaseLower,
            WriteIndented = false,
            DefaultIgnoreCondition = JsonIgnoreCondition.Never,
            TypeInfoResolver = CloseJsonContext.Default,
        };
        options.MakeReadOnly();
        return options;
    }
}
