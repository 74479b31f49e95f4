using Orchestrator.Core.Close.Records;

namespace Orchestrator.Core.Tests.Close;

public sealed class LearningsTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 10, 0, 0, TimeSpan.Zero);

    private static LearningEntry Entry(string type, string subject, double confidence, DateTimeOffset? expires = null) => new()
    {
        Id = $"{type}:{subject}",
        Type = type,
        Subject = subject,
        Insight = "old",
        Confidence = confidence,
        CreatedAt = Now.AddDays(-10),
        UpdatedAt = Now.AddDays(-10),
        ExpiresAt = expires ?? Now.AddDays(80),
        Sessions = ["s0"],
    };

    [Fact]
    public void New_confirmed_contradicted_decayed_and_pruned_follow_the_rules()
    {
        LearningEntry[] existing =
        [
            Entry("chunk-failure", "src/api", 0.5),
            Entry("chunk-failure", "src/ui", 0.5),
            Entry("gate-pass", "lint", 0.5),
            Entry("gate-pass", "test", 0.05),
            Entry("tier-escalation", "src/db", 0.9, expires: Now.AddDays(-1)),
            Entry("chunk-success", "src/top", 0.95),
        ];
        LearningObservation[] observations =
        [
            new("chunk-failure", "src/api", "still failing", "chunk-success"),
            new("chunk-success", "src/ui", "now works", "chunk-failure"),
            new("chunk-success", "src/top", "works again", "chunk-failure"),
        ];

        var update = Learnings.Apply(existing, observations, "s1", Now);

        var byId = update.Entries.ToDictionary(e => e.Id);
        Assert.Equal(0.65, byId["chunk-failure:src/api"].Confidence);
        Assert.Equal("still failing", byId["chunk-failure:src/api"].Insight);
        Assert.Equal(["s0", "s1"], byId["chunk-failure:src/api"].Sessions);
        Assert.Equal(0.3, byId["chunk-failure:src/ui"].Confidence);
        Assert.Equal(0.45, byId["gate-pass:lint"].Confidence);
        Assert.False(byId.ContainsKey("gate-pass:test"));
        Assert.False(byId.ContainsKey("tier-escalation:src/db"));
        Assert.Equal(1.0, byId["chunk-success:src/top"].Confidence);
        Assert.Equal(Learnings.Initial, byId["chunk-success:src/ui"].Confidence);
        Assert.Equal((1, 2, 1, 3, 2), (update.New, update.Confirmed, update.Contradicted, update.Decayed, update.Pruned));
    }

    [Fact]
    public void Learnings_round_trip_through_jsonl()
    {
        var path = Path.Combine(Path.GetTempPath(), $"learnings-{Guid.NewGuid():N}.jsonl");
        try
        {
            Learnings.Write(path, [Entry("chunk-failure", "src/api", 0.65)]);
            File.AppendAllText(path, "{torn line\n");

            var read = Assert.Single(Learnings.Read(path));

            Assert.Equal(("chunk-failure", 0.65), (read.Type, read.Confidence));
            Assert.Contains("\"expires_at\":", File.ReadAllText(path));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
