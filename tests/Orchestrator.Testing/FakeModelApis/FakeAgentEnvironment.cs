using System.Diagnostics;

namespace Orchestrator.Testing.FakeModelApis;

/// <summary>
/// The environment variables and extra CLI arguments that make a real agent CLI talk only to a fake model API on
/// loopback and keep it out of the user's own configuration. Apply <see cref="Variables"/> with <see cref="ApplyTo"/>
/// (which also strips inherited provider settings) and put <see cref="Arguments"/> after the subcommand, before the prompt.
/// </summary>
/// <param name="Variables">Variables to set on the child.</param>
/// <param name="Arguments">Extra arguments (Codex: <c>--ignore-user-config</c> and the <c>-c</c> provider overrides).</param>
public sealed record FakeAgentEnvironment(IReadOnlyDictionary<string, string> Variables, IReadOnlyList<string> Arguments)
{
    /// <summary>Provider id used in Codex's <c>model_providers.&lt;id&gt;</c> overrides.</summary>
    public const string CodexProviderId = "fake";

    /// <summary>The variable Codex reads the fake provider's key from (<c>model_providers.fake.env_key</c>).</summary>
    public const string CodexApiKeyVariable = "FAKE_OPENAI_API_KEY";

    // Inherited settings that could send a CLI elsewhere (a real key, another base URL, Bedrock/Vertex switches,
    // a host proxy) or change its behaviour (CLAUDECODE makes a nested claude refuse to start).
    private static readonly string[] StrippedPrefixes = ["ANTHROPIC_", "CLAUDE", "OPENAI_", "CODEX_", "AWS_", "GOOGLE_", "VERTEX_"];
    private static readonly string[] StrippedNames = ["HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY", "DISABLE_TELEMETRY"];

    /// <summary>For <c>claude -p</c>: the API base URL, a fake key, no non-essential traffic, a private config dir.</summary>
    public static FakeAgentEnvironment ForClaude(Uri anthropicBaseUrl, string configDirectory, Uri? outboundTrap = null)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["ANTHROPIC_BASE_URL"] = anthropicBaseUrl.ToString().TrimEnd('/'),
            ["ANTHROPIC_API_KEY"] = "fake",
            ["CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC"] = "1",
            ["DISABLE_TELEMETRY"] = "1",
            ["DISABLE_AUTOUPDATER"] = "1",
            ["CLAUDE_CONFIG_DIR"] = configDirectory,
            // One retry keeps error-path tests short; 0 would also skip the retry of a transient fake hiccup.
            ["CLAUDE_CODE_MAX_RETRIES"] = "1",
        };
        AddProxyTrap(variables, outboundTrap);
        return new FakeAgentEnvironment(variables, []);
    }

    /// <summary>
    /// For <c>codex exec</c>: a private <c>CODEX_HOME</c>, the fake key, and <c>-c</c> overrides defining a provider
    /// on the Responses wire API (Codex 0.169 rejects <c>wire_api="chat"</c>) with retries off.
    /// </summary>
    public static FakeAgentEnvironment ForCodex(Uri responsesBaseUrl, string codexHome, Uri? outboundTrap = null)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["CODEX_HOME"] = codexHome,
            [CodexApiKeyVariable] = "fake",
        };
        AddProxyTrap(variables, outboundTrap);
        var p = $"model_providers.{CodexProviderId}";
        string[] arguments =
        [
            "--ignore-user-config",
            "-c", $"model_provider={CodexProviderId}",
            "-c", $"{p}.name=\"{CodexProviderId}\"",
            "-c", $"{p}.base_url=\"{responsesBaseUrl.ToString().TrimEnd('/')}\"",
            "-c", $"{p}.wire_api=\"responses\"",
            "-c", $"{p}.env_key=\"{CodexApiKeyVariable}\"",
            "-c", $"{p}.request_max_retries=0",
            "-c", $"{p}.stream_max_retries=0",
            "-c", "check_for_update_on_startup=false",
            "-c", "analytics.enabled=false",
            "--disable", "plugins",
            "--disable", "remote_plugin",
            "--disable", "apps",
        ];
        return new FakeAgentEnvironment(variables, arguments);
    }

    /// <summary>Removes inherited provider/proxy settings from <paramref name="startInfo"/>, then sets <see cref="Variables"/>.</summary>
    public void ApplyTo(ProcessStartInfo startInfo)
    {
        foreach (var name in startInfo.Environment.Keys.ToList())
        {
            if (StrippedPrefixes.Any(prefix => name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                || StrippedNames.Any(stripped => string.Equals(name, stripped, StringComparison.OrdinalIgnoreCase)))
            {
                startInfo.Environment.Remove(name);
            }
        }

        foreach (var (name, value) in Variables)
        {
            startInfo.Environment[name] = value;
        }
    }

    /// <summary>Every URL in the variables or arguments whose host is not loopback; a correct environment has none.</summary>
    public IReadOnlyList<string> NonLoopbackUrls()
    {
        var values = Variables.Values.Concat(Arguments);
        return
        [
            .. values
                .SelectMany(value => value.Split('"', ' ', ','))
                .Where(token => token.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || token.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
                .Where(token => !Uri.TryCreate(token, UriKind.Absolute, out var uri) || !uri.IsLoopback),
        ];
    }

    private static void AddProxyTrap(Dictionary<string, string> variables, Uri? outboundTrap)
    {
        if (outboundTrap is null)
        {
            return;
        }

        var proxy = outboundTrap.ToString().TrimEnd('/');
        foreach (var name in new[] { "HTTPS_PROXY", "HTTP_PROXY", "ALL_PROXY" })
        {
            variables[name] = proxy;
            variables[name.ToLowerInvariant()] = proxy;
        }

        variables["NO_PROXY"] = "127.0.0.1,localhost";
        variables["no_proxy"] = "127.0.0.1,localhost";
    }
}
