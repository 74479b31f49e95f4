using Orchestrator.Core.Planning;

namespace Orchestrator.Core.Tests.Planning;

public sealed class ChunkPlanJsonTests
{
    [Fact]
    public void Chunks_round_trip_with_the_source_field_names()
    {
        const string json = """
            [[{"id":"c1","scope":"add parser","files":["src/p.cs"],"model":"haiku","tests":true,"testScope":"parser edge cases","opusReview":true}],
             [{"id":"c2","scope":"wire it","files":["src/w.cs"],"dependsOn":["c1"]}]]
            """;

        var waves = ChunkPlanJson.DeserializeWaves(json, out var error);

        Assert.Null(error);
        var c1 = waves![0][0];
        Assert.Equal(("c1", "add parser", "haiku", true, "parser edge cases", true), (c1.Id, c1.Scope, c1.Model, c1.Tests, c1.TestScope, c1.OpusReview));
        Assert.Null(c1.DependsOn);
        Assert.Equal(["c1"], waves[1][0].DependsOn!);
        var written = ChunkPlanJson.SerializeWaves(waves);
        Assert.Contains("\"testScope\":\"parser edge cases\"", written);
        Assert.Contains("\"opusReview\":true", written);
        Assert.Contains("\"dependsOn\":[\"c1\"]", written);
        Assert.DoesNotContain("\"dependsOn\":null", written);
        Assert.True(ChunkPlanValidator.ValidateWaves(waves, null).IsValid);
    }

    [Fact]
    public void Malformed_json_is_an_error_value()
    {
        var chunks = ChunkPlanJson.DeserializeChunks("{\"id\":", out var error);

        Assert.Null(chunks);
        Assert.StartsWith("expected a JSON array of chunk objects", error);
    }
}
