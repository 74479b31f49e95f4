using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Orchestrator.Core.Build.Journal;

/// <summary>
/// For a nested document (a run's input, options or chunk list) whose shape is the engine's business rather than
/// the journal's: a value that does not read as <typeparamref name="T"/> reads as null instead of making the whole
/// line unreadable, so a resume can say which part of run.started is broken. Metadata comes from the options'
/// resolver (the source-generated context), never from reflection.
/// </summary>
internal sealed class LenientJsonConverter<T> : JsonConverter<T>
    where T : class
{
    public override T? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        try
        {
            return document.RootElement.Deserialize(TypeInfo(options));
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
        JsonSerializer.Serialize(writer, value, TypeInfo(options));

    private static JsonTypeInfo<T> TypeInfo(JsonSerializerOptions options) => (JsonTypeInfo<T>)options.GetTypeInfo(typeof(T));
}
