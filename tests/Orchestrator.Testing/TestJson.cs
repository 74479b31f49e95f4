using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Orchestrator.Core.Build;

namespace Orchestrator.Testing;

/// <summary>
/// The engine's JSON settings (<see cref="BuildJson.Options"/>) for test data of any shape: scripted agent answers are
/// written as anonymous objects, which the engine's generated metadata (rightly) does not know, so reflection fills in.
/// </summary>
public static class TestJson
{
    public static JsonSerializerOptions Options { get; } = new(BuildJson.Options)
    {
        TypeInfoResolver = JsonTypeInfoResolver.Combine(BuildJson.Options.TypeInfoResolver, new DefaultJsonTypeInfoResolver()),
    };
}
