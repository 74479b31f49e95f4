using System.Text.Json;
using System.Text.Json.Serialization;

namespace Orchestrator.Core.Common;

/// <summary>
/// An enum as its camelCase name (numbers still read). The generic form, one per enum type, is what the native (AOT)
/// build accepts: the non-generic JsonStringEnumConverter builds its converters with reflection at run time.
/// </summary>
public sealed class CamelCaseEnumConverter<TEnum>() : JsonStringEnumConverter<TEnum>(JsonNamingPolicy.CamelCase)
    where TEnum : struct, Enum;
