using System.Text.Json;
using Orchestrator.Core.Planning;

namespace Orchestrator.Core.Close.Verification;

/// <summary>
/// The session's chunk plan from chunks.json, in any of the shapes divide accepts: a flat chunk list, the source's
/// waves, or an object holding <c>chunks</c> or <c>waves</c>. Unreadable or invalid: empty, with the reason.
/// </summary>
public static class SessionChunksReader
{
    public static IReadOnlyList<PlannedChunk> Read(string? json, string? repositoryRoot, out string? problem)
    {
        problem = null;
        if (string.IsNullOrWhiteSpace(json))
        {
            return [];
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                root = root.TryGetProperty("waves", out var w) ? w : root.TryGetProperty("chunks", out var c) ? c : default;
            }

            if (root.ValueKind != JsonValueKind.Array)
            {
                problem = "chunks.json holds neither a chunk list nor waves";
                return [];
            }

            var isWaves = root.GetArrayLength() > 0 && root[0].ValueKind == JsonValueKind.Array;
            var waves = isWaves
                ? ChunkPlanJson.DeserializeWaves(root.GetRawText(), out problem)
                : ChunkPlanJson.DeserializeChunks(root.GetRawText(), out problem) is { } flat ? [flat] : null;
            if (waves is null)
            {
                return [];
            }

            var validation = ChunkPlanValidator.ValidateWaves(waves, repositoryRoot);
            if (validation.Plan is null)
            {
                problem = "chunks.json does not validate; chunks are taken from the runs only";
                return [];
            }

            return validation.Plan.Chunks;
        }
        catch (JsonException ex)
        {
            problem = $"chunks.json is not valid JSON ({ex.Message})";
            return [];
        }
    }
}
