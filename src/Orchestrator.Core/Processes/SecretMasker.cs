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

    /// <summary>The values of the well-known secret variables present in <paramref name="environment"/>.</summary>
    public static IReadOnlyList<string> SecretsFrom(IReadOnlyDictionary<string, string?> environment) =>
        SecretVariableNames
            .Select(name => environment.TryGetValue(name, out var value) ? value : null)
            .OfType<string>()
            .ToList();
}
