using System.Text.Json;
using Orchestrator.Core.Build.Verification;
using Orchestrator.Core.Close.QualityGate;
using Orchestrator.Core.Close.Verification;
using Orchestrator.Core.Common;

namespace Orchestrator.Core.Close.Records;

/// <summary>
/// The confidence rules of learnings.jsonl: a new learning starts at 0.5; seen again +0.15 (max 1); contradicted
/// -0.2; untouched by a session -0.05; pruned at &lt;= 0 or when expired (90 days after its last update).
/// </summary>
public static class Learnings
{
    public const double Initial = 0.5;
    public const double Confirm = 0.15;
    public const double Contradict = 0.2;
    public const double Decay = 0.05;
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(90);

    public static LearningsUpdate Apply(IReadOnlyList<LearningEntry> existing, IReadOnlyList<LearningObservation> observations, string sessionId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(existing);
        ArgumentNullException.ThrowIfNull(observations);
        var seen = observations.GroupBy(o => Key(o.Type, o.Subject)).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var entries = new List<LearningEntry>();
        int confirmed = 0, contradicted = 0, decayed = 0, pruned = 0, added = 0;
        foreach (var entry in existing)
        {
            var key = Key(entry.Type, entry.Subject);
            LearningEntry next;
            if (seen.Remove(key, out var again))
            {
                confirmed++;
                next = entry with
                {
                    Confidence = Round(Math.Min(1, entry.Confidence + Confirm)),
                    Insight = again.Insight,
                    UpdatedAt = now,
                    ExpiresAt = now + Lifetime,
                    Sessions = [.. entry.Sessions, sessionId],
                };
            }
            else if (observations.Any(o => o.Subject == entry.Subject && o.Contradicts == entry.Type))
            {
                contradicted++;
                next = entry with { Confidence = Round(entry.Confidence - Contradict), UpdatedAt = now };
            }
            else
            {
                decayed++;
                next = entry with { Confidence = Round(entry.Confidence - Decay) };
            }

            if (next.Confidence <= 0 || next.ExpiresAt <= now)
            {
                pruned++;
                continue;
            }

            entries.Add(next);
        }

        foreach (var observation in seen.Values)
        {
            added++;
            entries.Add(new LearningEntry
            {
                Id = Key(observation.Type, observation.Subject),
                Type = observation.Type,
                Subject = observation.Subject,
                Insight = observation.Insight,
                Confidence = Initial,
                CreatedAt = now,
                UpdatedAt = now,
                ExpiresAt = now + Lifetime,
                Sessions = [sessionId],
            });
        }

        return new LearningsUpdate(entries, added, confirmed, contradicted, decayed, pruned);
    }

    /// <summary>What a closed session teaches, from its chunks and gate.</summary>
    public static IReadOnlyList<LearningObservation> Observe(PlanVerification verification, QualityGateResult gate)
    {
        ArgumentNullException.ThrowIfNull(verification);
        ArgumentNullException.ThrowIfNull(gate);
        var observations = new List<LearningObservation>();
        foreach (var chunk in verification.Chunks)
        {
            var area = Area(chunk.Files);
            if (chunk.Status == ChunkVerdictStatus.Failed)
            {
                observations.Add(new("chunk-failure", area, $"Chunks touching {area} failed all attempts (last at {chunk.Model}): {chunk.Blocker}", "chunk-success"));
            }
            else if (chunk.IsDone && chunk.Attempts == 1)
            {
                observations.Add(new("chunk-success", area, $"Chunks touching {area} succeeded on the first attempt at {chunk.Model}", "chunk-failure"));
            }
            else if (chunk.IsDone && chunk.Attempts >= 3)
            {
                observations.Add(new("tier-escalation", area, $"Chunks touching {area} needed escalation to {chunk.Model}; plan them a tier higher", null));
            }
        }

        foreach (var check in gate.Checks.Where(c => c.Command is not null && c.Status is GateCheckStatus.Passed or GateCheckStatus.Failed or GateCheckStatus.TimedOut))
        {
            observations.Add(check.Failed
                ? new("gate-failure", check.Kind, $"`{check.Command}` failed at close; run it before reporting chunks done", "gate-pass")
                : new("gate-pass", check.Kind, $"`{check.Command}` passed at close", "gate-failure"));
        }

        return observations;
    }

    public static IReadOnlyList<LearningEntry> Read(string path)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        var entries = new List<LearningEntry>();
        foreach (var line in File.ReadAllLines(path))
        {
            try
            {
                if (!string.IsNullOrWhiteSpace(line) && JsonSerializer.Deserialize(line, CloseJson.TypeInfo<LearningEntry>()) is { } entry)
                {
                    entries.Add(entry);
                }
            }
            catch (JsonException)
            {
                // A damaged line is dropped rather than blocking every later close.
            }
        }

        return entries;
    }

    public static void Write(string path, IReadOnlyList<LearningEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        AtomicFile.WriteAllText(path, string.Concat(entries.Select(e => JsonSerializer.Serialize(e, CloseJson.TypeInfo<LearningEntry>()) + "\n")));
    }

    private static string Area(IReadOnlyList<string> files)
    {
        var first = files.FirstOrDefault() ?? "(no files)";
        var segments = first.Split('/');
        return segments.Length <= 1 ? first : string.Join('/', segments.Take(Math.Min(2, segments.Length - 1)));
    }

    private static string Key(string type, string subject) => $"{type}:{subject}";

    private static double Round(double value) => Math.Round(value, 2);
}
