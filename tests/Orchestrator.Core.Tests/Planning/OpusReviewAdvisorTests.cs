using Orchestrator.Core.Common;
using Orchestrator.Core.Planning;

namespace Orchestrator.Core.Tests.Planning;

public sealed class OpusReviewAdvisorTests
{
    private static PlannedChunk Chunk(string id, string scope, ModelTier tier = ModelTier.Sonnet, params string[] files) =>
        new(id, scope, files, tier, false, null, false, [], 0, 0);

    [Theory]
    [InlineData("src/Auth/TokenValidator.cs", "authentication/authorization")]
    [InlineData("web/payments.ts", "payments")]
    [InlineData("db/Migrations/0042_add_index.sql", "migrations")]
    [InlineData("src/Storage/FileLock.cs", "concurrency")]
    [InlineData("lib/crypto/hash.go", "cryptography")]
    [InlineData("src/Orders/TransactionScope.cs", "transactions")]
    public void Critical_paths_are_suggested_with_the_reason(string file, string area)
    {
        var suggestion = Assert.Single(OpusReviewAdvisor.Suggest([Chunk("c1", "plain scope", ModelTier.Sonnet, file)]));

        Assert.Equal("c1", suggestion.ChunkId);
        Assert.Equal($"touches {area} ({file})", suggestion.Reason);
    }

    [Fact]
    public void Opus_tier_and_critical_scope_words_are_suggested()
    {
        var suggestions = OpusReviewAdvisor.Suggest(
        [
            Chunk("c1", "rename a label", ModelTier.Opus, "src/ui/label.ts"),
            Chunk("c2", "make the cache concurrency-safe", ModelTier.Sonnet, "src/cache.ts"),
        ]);

        Assert.Equal([new OpusReviewSuggestion("c1", "opus-tier chunk"), new OpusReviewSuggestion("c2", "scope mentions concurrency (\"concurrency\")")], suggestions);
    }

    [Fact]
    public void Look_alike_words_are_not_suggested()
    {
        var suggestions = OpusReviewAdvisor.Suggest(
        [
            Chunk("c1", "show the author name", ModelTier.Sonnet, "src/Author.cs", "src/BlockQuote.tsx", "src/clock.ts", "docs/paypal-logo.svg"),
        ]);

        Assert.Empty(suggestions);
    }
}
