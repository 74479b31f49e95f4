using System.Text.RegularExpressions;
using Orchestrator.Core.Common;

namespace Orchestrator.Core.Planning;

/// <summary>
/// Suggests <c>opusReview</c> for chunks on correctness-critical paths (auth, crypto, payments, transactions,
/// migrations, concurrency) or at opus tier. Matching is on words of paths and scope (camelCase and separators
/// split), so "src/Auth/", "payments.ts", "Migrations/" and "FileLock.cs" hit while "author" or "block" do not.
/// </summary>
public static partial class OpusReviewAdvisor
{
    private static readonly (string Area, Func<string, bool> Matches)[] CriticalAreas =
    [
        ("authentication/authorization", w => w is "auth" or "authn" or "authz" or "oauth" or "jwt" or "login" or "password" or "passwords"
            || w.StartsWith("authent", StringComparison.Ordinal) || w.StartsWith("authoriz", StringComparison.Ordinal)),
        ("cryptography", w => w.StartsWith("crypt", StringComparison.Ordinal) || w.StartsWith("encrypt", StringComparison.Ordinal)
            || w.StartsWith("decrypt", StringComparison.Ordinal) || w is "cipher" or "hmac" or "signature" or "signing"),
        ("payments", w => w.StartsWith("payment", StringComparison.Ordinal) || w is "billing" or "checkout" or "invoice" or "invoices"),
        ("transactions", w => w.StartsWith("transaction", StringComparison.Ordinal) || w is "tx" or "ledger"),
        ("migrations", w => w.StartsWith("migration", StringComparison.Ordinal) || w is "migrate" or "migrations"),
        ("concurrency", w => w.StartsWith("concurren", StringComparison.Ordinal) || w.StartsWith("lock", StringComparison.Ordinal)
            || w is "deadlock" or "mutex" or "semaphore" or "atomic" or "race" or "threading" or "parallel"),
    ];

    /// <summary>One suggestion per chunk that warrants opus review, in plan order.</summary>
    public static IReadOnlyList<OpusReviewSuggestion> Suggest(IEnumerable<PlannedChunk> chunks)
    {
        var suggestions = new List<OpusReviewSuggestion>();
        foreach (var chunk in chunks)
        {
            var reasons = new List<string>();
            if (chunk.Tier == ModelTier.Opus)
            {
                reasons.Add("opus-tier chunk");
            }

            foreach (var (area, matches) in CriticalAreas)
            {
                var fileHit = chunk.Files.FirstOrDefault(f => Words(f).Any(matches));
                if (fileHit is not null)
                {
                    reasons.Add($"touches {area} ({fileHit})");
                    continue;
                }

                var scopeHit = Words(chunk.Scope).FirstOrDefault(matches);
                if (scopeHit is not null)
                {
                    reasons.Add($"scope mentions {area} (\"{scopeHit}\")");
                }
            }

            if (reasons.Count > 0)
            {
                suggestions.Add(new OpusReviewSuggestion(chunk.Id, string.Join("; ", reasons)));
            }
        }

        return suggestions;
    }

    /// <summary>The correctness-critical areas (auth, crypto, payments, ...) that <paramref name="text"/> mentions, in a fixed order.</summary>
    public static IReadOnlyList<string> CriticalAreasIn(string text)
    {
        var words = Words(text ?? string.Empty).ToList();
        return CriticalAreas.Where(a => words.Any(a.Matches)).Select(a => a.Area).ToList();
    }

    private static IEnumerable<string> Words(string text) =>
        WordPattern().Matches(text).Select(m => m.Value.ToLowerInvariant());

    // Splits "FileLock.cs" into File, Lock, cs and "OAuthToken" into O, Auth, Token; acronym runs stay together.
    [GeneratedRegex(@"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+", RegexOptions.CultureInvariant)]
    private static partial Regex WordPattern();
}
