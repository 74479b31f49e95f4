using System.Text.Json;
using System.Text.Json.Serialization;

namespace Orchestrator.Core.Planning;

/// <summary>
/// A session's chunks.json: the chunk plan the build gate approves, in the source shape, plus where it came from
/// ("divide", or "concerns" for a follow-up built from a run's review findings).
/// </summary>
public sealed record SessionChunkPlan(
    bool TestsRequired,
    IReadOnlyList<IReadOnlyList<ChunkDefinition>> Waves,
    string Source = SessionChunkPlan.FromDivide,
    string? FollowUpOf = null)
{
    public const string FromDivide = "divide";
    public const string FromConcerns = "concerns";
    public const string FromFailures = "failures";

    [JsonIgnore]
    public IReadOnlyList<ChunkDefinition> Chunks => Waves.SelectMany(w => w).ToList();

    private static readonly JsonSerializerOptions IndentedOptions = ChunkPlanJson.CreateOptions(PlanningJsonContext.Default, indented: true);

    public string Serialize() => JsonSerializer.Serialize(this, ChunkPlanJson.TypeInfo<SessionChunkPlan>(IndentedOptions));

    /// <summary>Reads chunks.json; null with <paramref name="error"/> when it is not readable.</summary>
    public static SessionChunkPlan? Parse(string json, out string? error)
    {
        try
        {
            var plan = JsonSerializer.Deserialize(json, ChunkPlanJson.TypeInfo<SessionChunkPlan>(ChunkPlanJson.Options));
            error = plan?.Waves is null ? "it holds no waves" : null;
            return error is null ? plan : null;
        }
        catch (JsonException ex)
        {
            error = ex.Message;
            return null;
        }
    }
}
