namespace Orchestrator.Core.Processes;

/// <summary>Replaces known secret values with <c>***</c> before text reaches a log.</summary>
public static class SecretMasker
{
    /// <summary>Environment variable names whose values are always treated as secrets.</summary>
    public static readonly IReadOnlyList<string> SecretVariableNames =
    [
        "ANTHROPIC_API_KEY", "ANTHROPIC_AUTH_TOKEN", "OPENAI_API_KEY", "CODEX_API_KEY", "GEMINI_API_KEY", "GOOGLE_API_KEY",
        "GITHUB_TOKEN", "GH_TOKEN", "GITEA_TOKEN", "ORCHESTRATOR_TOKEN", "CLAUDE_CODE_OAUTH_TOKEN",
    ];

    public static string Mask(string text, IReadOnlyList<string> secrets)
    {
        foreach (var secret in secrets)
        {
            // Very short values would mask ordinary words; real keys and tokens are long.
            if (secret.Length >= 6)
            {
                text = text.Replace(secret, "***", StringComparison.Ordinal);
            }
        }

        return text;
    }

    /// <summary>
    /// True for the well-known names and for names that look like credentials (<c>*_API_KEY</c>, <c>*_TOKEN</c>,
    /// <c>*_SECRET</c>, <c>*_PASSWORD</c>, <c>*_AUTH</c>): a child's whole environment is scanned with it.
    /// </summary>
    public static bool IsSecretName(string name) =>
        SecretVariableNames.Contains(name, StringComparer.OrdinalIgnoreCase)
        || name.EndsWith("_API_KEY", StringComparison.OrdinalIgnoreCase)
        || name.EndsWith("_TOKEN", StringComparison.OrdinalIgnoreCase)
        || name.EndsWith("_SECRET", StringComparison.OrdinalIgnoreCase)
        || name.EndsWith("_PASSWORD", StringComparison.OrdinalIgnoreCase)
        || name.EndsWith("_AUTH", StringComparison.OrdinalIgnoreCase);

    /// <summary>The values of every secret-looking variable in <paramref name="environment"/>.</summary>
    public static IReadOnlyList<string> SecretValuesIn(IEnumerable<KeyValuePair<string, string?>> environment) =>
        environment.Where(pair => pair.Value is { Length: > 0 } && IsSecretName(pair.Key)).Select(pair => pair.Value!).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>The values of the well-known secret variables present in <paramref name="environment"/>.</summary>
    public static IReadOnlyList<string> SecretsFrom(IReadOnlyDictionary<string, string?> environment) =>
        SecretVariableNames
            .Select(name => environment.TryGetValue(name, out var value) ? value : null)
            .OfType<string>()
            .ToList();
}
