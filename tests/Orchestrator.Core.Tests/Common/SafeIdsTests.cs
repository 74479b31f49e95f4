using Orchestrator.Core.Common;
using Orchestrator.Core.Planning;

namespace Orchestrator.Core.Tests.Common;

public sealed class SafeIdsTests
{
    [Theory]
    [InlineData("c1")]
    [InlineData("api-layer_2.v1")]
    [InlineData("20261121-091500-add-login-form-3f2a")]
    [InlineData("run-20261121-101500-3f2a")]
    public void Plain_names_are_valid(string id) => Assert.True(SafeIds.IsValid(id));

    [Theory]
    [InlineData("")]
    [InlineData("/tmp/x/pwn")]
    [InlineData("../../..")]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    [InlineData(".hidden")]
    [InlineData("-flag")]
    [InlineData("a..b")]
    [InlineData("c1 ")]
    [InlineData("c\u00e91")]
    [InlineData("c1\n")]
    public void Path_like_or_odd_names_are_refused(string id) => Assert.False(SafeIds.IsValid(id));

    [Fact]
    public void Ids_longer_than_the_limit_are_refused() =>
        Assert.False(SafeIds.IsValid(new string('a', SafeIds.MaxLength + 1)));

    [Fact]
    public void A_refusal_names_the_argument_the_truncated_value_and_the_fix()
    {
        var huge = "/" + new string('x', 10_000_000);

        var message = SafeIds.Problem("session_id", huge, "c1")!;

        Assert.StartsWith("session_id \"/xxx", message, StringComparison.Ordinal);
        Assert.Contains("(10000001 characters)", message, StringComparison.Ordinal);
        Assert.Contains("Use an id such as \"c1\"", message, StringComparison.Ordinal);
        Assert.True(message.Length < 600, $"message is {message.Length} characters");
        Assert.Null(SafeIds.Problem("session_id", "c1", "c1"));
    }

    [Fact]
    public void The_plan_validator_refuses_path_like_chunk_ids_by_name()
    {
        var result = ChunkPlanValidator.ValidateChunks(
        [
            new ChunkDefinition { Id = "/tmp/x/pwn", Scope = "a", Files = ["src/a.cs"] },
            new ChunkDefinition { Id = "../../..", Scope = "b", Files = ["src/b.cs"] },
        ], null);

        Assert.False(result.IsValid);
        var invalid = result.Problems.Where(p => p.Kind == ChunkPlanProblemKind.InvalidId).Select(p => p.Message).ToList();
        Assert.Equal(2, invalid.Count);
        Assert.Contains("chunk #1 (wave 1): id \"/tmp/x/pwn\" is not a valid id", invalid[0], StringComparison.Ordinal);
        Assert.Contains("\"../../..\"", invalid[1], StringComparison.Ordinal);
    }
}
