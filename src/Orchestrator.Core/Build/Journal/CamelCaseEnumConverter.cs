using System.Text.Json;
using System.Text.Json.Serialization;

namespace Orchestrator.Core.Build.Journal;

/// <summary>Enums as camelCase strings (<c>opusReviewer</c>), as <see cref="BuildJson.Options"/> writes them; a source-generated context needs one closed converter per enum.</summary>
internal sealed class CamelCaseEnumConverter<TEnum>() : JsonStringEnumConverter<TEnum>(JsonNamingPolicy.CamelCase)
    where TEnum : struct, Enum;
