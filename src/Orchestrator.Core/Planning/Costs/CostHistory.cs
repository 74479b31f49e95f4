using System.Globalization;
using System.Text.Json;
using Orchestrator.Core.Agents;
using Orchestrator.Core.Common;

namespace Orchestrator.Core.Planning.Costs;

/// <summary>
/// Turns the project's own history (<c>.orchestrator/metrics/sessions.jsonl</c>, one line per closed session) into
/// <see cref="CostFigures"/> for one runner: per tier the average cost of an attempt, and the retries and reviews per
/// chunk. Only lines that name the runner count (older lines without <c>runner</c> are skipped: their runner is
/// unknown); a tier or rate without history keeps its default. A malformed line is skipped, never fatal.
/// </summary>
public static class CostHistory
{
    /// <summary>The metrics file under <paramref name="orchestratorDirectory"/>.</summary>
    public static string MetricsFile(string orchestratorDirectory) => Path.Combine(orchestratorDirectory, "metrics", "sessions.jsonl");

    /// <summary>The figures for <paramref name="runner"/> from <paramref name="metricsFile"/> (defaults when it is missing).</summary>
    public static CostFigures Figures(string metricsFile, RunnerKind runner)
    {
        var lines = File.Exists(metricsFile) ? File.ReadLines(metricsFile) : [];
        return Figures(lines, runner);
    }

    /// <summary>The figures for <paramref name="runner"/> from metrics lines.</summary>
    public static CostFigures Figures(IEnumerable<string> lines, RunnerKind runner)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var defaults = CostFigures.Defaults(runner);
        var name = runner.ToString().ToLowerInvariant();
        var cost = new Dictionary<ModelTier, (int Attempts, decimal Usd, int Sessions)>();
        var (executorAttempts, reviewAttempts, chunks, sessions) = (0, 0, 0, 0);
        foreach (var line in lines)
        {
            if (Parse(line) is not { } root || !root.TryGetProperty("runner", out var r) || r.ValueKind != JsonValueKind.String || r.GetString() != name)
            {
                continue;
            }

            sessions++;
            if (root.TryGetProperty("tiers", out var tiers) && tiers.ValueKind == JsonValueKind.Object)
            {
                foreach (var tier in tiers.EnumerateObject())
                {
                    if (ModelTiers.TryParse(tier.Name, out var t) && Int(tier.Value, "attempts") is > 0 and var attempts && Money(tier.Value, "cost_usd") is { } usd)
                    {
                        var sum = cost.GetValueOrDefault(t);
                        cost[t] = (sum.Attempts + attempts, sum.Usd + usd, sum.Sessions + 1);
                    }
                }
            }

            var lineChunks = (Int(root, "chunks_done") ?? 0) + (Int(root, "chunks_partial") ?? 0) + (Int(root, "chunks_failed") ?? 0);
            if (Int(root, "executor_attempts") is { } executors && Int(root, "agents_dispatched") is { } dispatched && lineChunks > 0)
            {
                (executorAttempts, reviewAttempts, chunks) = (executorAttempts + executors, reviewAttempts + Math.Max(0, dispatched - executors), chunks + lineChunks);
            }
        }

        if (sessions == 0)
        {
            return defaults;
        }

        decimal Tier(ModelTier tier) => cost.TryGetValue(tier, out var c) ? Math.Round(c.Usd / c.Attempts, 4) : defaults.PerAttempt(tier);
        var basis = string.Join(", ", new[] { ModelTier.Haiku, ModelTier.Sonnet, ModelTier.Opus }.Select(t =>
            cost.TryGetValue(t, out var c) ? string.Create(CultureInfo.InvariantCulture, $"{t.ToName()}: history of {c.Sessions} session(s)") : $"{t.ToName()}: default"));
        return new CostFigures(runner, Tier(ModelTier.Haiku), Tier(ModelTier.Sonnet), Tier(ModelTier.Opus))
        {
            Basis = basis,
            RetriesPerChunk = chunks > 0 ? Math.Round(Math.Clamp((double)executorAttempts / chunks - 1, 0, 2), 2) : defaults.RetriesPerChunk,
            ReviewsPerChunk = chunks > 0 ? Math.Round(Math.Clamp((double)reviewAttempts / chunks, 0, 4), 2) : defaults.ReviewsPerChunk,
        };
    }

    private static JsonElement? Parse(string line)
    {
        if (string.IsNullOrWhiteSpace(line))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(line);
            return document.RootElement.ValueKind == JsonValueKind.Object ? document.RootElement.Clone() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static int? Int(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var n) && n >= 0 ? n : null;

    private static decimal? Money(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var d) && d >= 0 ? d : null;
}
