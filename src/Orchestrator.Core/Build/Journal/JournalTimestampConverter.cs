using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Orchestrator.Core.Build.Journal;

/// <summary>
/// The journal's <c>ts</c>: written as UTC with 7 fractional digits (<c>2026-01-02T03:04:05.0000000Z</c>, the format
/// every journal has used); read leniently, like the untyped reader did: a missing or unparsable value is
/// <see cref="DateTimeOffset.MinValue"/> rather than a lost line.
/// </summary>
internal sealed class JournalTimestampConverter : JsonConverter<DateTimeOffset>
{
    private const string Format = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String
            && DateTimeOffset.TryParse(reader.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            return parsed;
        }

        reader.Skip();
        return DateTimeOffset.MinValue;
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture));
}
