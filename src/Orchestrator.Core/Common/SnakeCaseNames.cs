using System.Text.Json;

namespace Orchestrator.Core.Common;

/// <summary>An enum value's snake_case name, as <see cref="SnakeCaseEnumConverter{T}"/> writes it (for text: reports, summaries).</summary>
public static class SnakeCaseNames
{
    public static string ToSnakeCase<T>(this T value)
        where T : struct, Enum =>
        JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());
}
