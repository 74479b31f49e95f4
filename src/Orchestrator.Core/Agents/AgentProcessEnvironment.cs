using System.Collections;

namespace Orchestrator.Core.Agents;

/// <summary>
/// The environment an agent CLI (or the server's test command) starts with, built from an allow-list rather than
/// the server's whole environment: an agent is a model running shell commands, so anything it inherits it can use.
/// It gets what a CLI and a project's tool chain need (<c>PATH</c>, <c>HOME</c>, locale, temp folders, proxies and
/// certificates, the settings of dotnet/node/go/cargo/python/java tools), its own vendor's keys and settings
/// (<c>ANTHROPIC_*</c>/<c>CLAUDE_*</c> for claude, <c>OPENAI_*</c>/<c>CODEX_*</c> for codex) and the runner's
/// configured <c>env</c>. It never gets the server's secrets: <c>ORCHESTRATOR_*</c> (the dashboard token, which
/// decides gates) in any case, and nothing whose name looks like a credential (<c>GITHUB_TOKEN</c>, <c>GH_TOKEN</c>,
/// <c>GITEA_TOKEN</c>, <c>*_API_KEY</c>, ...) unless the runner's <c>env</c> names it explicitly, as a literal or
/// as <c>$NAME</c> (taken from the server's environment).
/// </summary>
public static class AgentProcessEnvironment
{
    /// <summary>
    /// Never passed on, even when configured: Claude Code refuses to start inside another Claude Code session
    /// (<c>CLAUDECODE</c>), the entrypoint marker would misreport the nested run, and the dashboard token would let an
    /// agent decide its own gates.
    /// </summary>
    public static readonly IReadOnlyList<string> RemovedVariables = ["CLAUDECODE", "CLAUDE_CODE_ENTRYPOINT", "ORCHESTRATOR_TOKEN"];

    private static readonly HashSet<string> AllowedNames = new(StringComparer.Ordinal)
    {
        "PATH", "HOME", "USER", "LOGNAME", "SHELL", "LANG", "LANGUAGE", "TERM", "COLORTERM", "TZ", "TMPDIR", "TMP", "TEMP",
        "SSL_CERT_FILE", "SSL_CERT_DIR", "REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE", "NODE_EXTRA_CA_CERTS",
        "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "no_proxy", "all_proxy",
        "JAVA_HOME", "VIRTUAL_ENV", "GOPATH", "GOROOT", "GOFLAGS", "GOCACHE", "GOMODCACHE", "GOPROXY", "GOPRIVATE", "GOTOOLCHAIN",
    };

    // Tool-chain settings a project's build and tests read; credentials among them are still dropped below.
    private static readonly string[] AllowedPrefixes =
    [
        "LC_", "XDG_", "DOTNET_", "NUGET_", "MSBUILD", "NODE_", "NPM_CONFIG_", "npm_config_", "NVM_", "PNPM_", "YARN_", "BUN_", "DENO_",
        "CARGO_", "RUSTUP_", "PYTHON", "PIP_", "UV_", "CONDA_", "MAVEN_", "GRADLE_",
    ];

    // Name fragments of credentials: such a variable reaches an agent only through its own vendor's prefix or `env`.
    private static readonly string[] SecretFragments =
        ["TOKEN", "SECRET", "PASSWORD", "PASSWD", "CREDENTIAL", "API_KEY", "APIKEY", "ACCESS_KEY", "PRIVATE_KEY", "AUTH", "COOKIE"];

    /// <summary>
    /// The full variable set for an agent process (use with <c>InheritEnvironment = false</c>). <paramref name="vendor"/>
    /// adds that CLI's own keys and settings; <paramref name="current"/> stands in for the server's environment in tests.
    /// </summary>
    public static Dictionary<string, string?> Build(IReadOnlyDictionary<string, string>? configured, IDictionary? current = null, AgentVendor vendor = AgentVendor.None)
    {
        var server = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in current ?? Environment.GetEnvironmentVariables())
        {
            if (entry.Key is string name && entry.Value is string value)
            {
                server[name] = value;
            }
        }

        var environment = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (name, value) in server)
        {
            if (!IsRemoved(name) && (IsVendorVariable(name, vendor) || (IsToolchainVariable(name) && !LooksLikeSecret(name))))
            {
                environment[name] = value;
            }
        }

        foreach (var (name, value) in configured ?? new Dictionary<string, string>())
        {
            if (!IsRemoved(name))
            {
                environment[name] = FromServer(value, server);
            }
        }

        return environment;
    }

    /// <summary>True when <paramref name="name"/> would be passed to an agent of <paramref name="vendor"/> without being configured.</summary>
    public static bool IsPassedOn(string name, AgentVendor vendor) =>
        !IsRemoved(name) && (IsVendorVariable(name, vendor) || (IsToolchainVariable(name) && !LooksLikeSecret(name)));

    private static bool IsRemoved(string name) =>
        RemovedVariables.Contains(name, StringComparer.Ordinal) || name.StartsWith("ORCHESTRATOR_", StringComparison.OrdinalIgnoreCase);

    private static bool IsToolchainVariable(string name) =>
        AllowedNames.Contains(name) || AllowedPrefixes.Any(p => name.StartsWith(p, StringComparison.Ordinal));

    private static bool LooksLikeSecret(string name) =>
        SecretFragments.Any(f => name.Contains(f, StringComparison.OrdinalIgnoreCase));

    private static bool IsVendorVariable(string name, AgentVendor vendor) => vendor switch
    {
        AgentVendor.Anthropic => name.StartsWith("ANTHROPIC_", StringComparison.Ordinal) || name.StartsWith("CLAUDE_", StringComparison.Ordinal),
        AgentVendor.OpenAi => name.StartsWith("OPENAI_", StringComparison.Ordinal) || name.StartsWith("CODEX_", StringComparison.Ordinal)
            || name.StartsWith("AZURE_OPENAI_", StringComparison.Ordinal),
        _ => false,
    };

    // `env: { GH_TOKEN: "$GH_TOKEN" }` passes the server's own value on by name, so a key never has to be written
    // into config.yaml; an unset variable becomes empty.
    private static string FromServer(string value, Dictionary<string, string> server)
    {
        var name = value.StartsWith("${", StringComparison.Ordinal) && value.EndsWith('}') ? value[2..^1]
            : value.StartsWith('$') ? value[1..]
            : null;
        return name is { Length: > 0 } && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_')
            ? server.GetValueOrDefault(name, string.Empty)
            : value;
    }
}
