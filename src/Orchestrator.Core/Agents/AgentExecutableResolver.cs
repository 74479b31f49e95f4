using Orchestrator.Core.Common;

namespace Orchestrator.Core.Agents;

/// <summary>
/// Finds an agent CLI: the configured path, else its usual name on PATH. A missing CLI is a failure that names the
/// npm package to install and the config key to set, reported before a run starts.
/// </summary>
public static class AgentExecutableResolver
{
    /// <summary>Resolves <paramref name="configured"/> (a path or a bare name) or <paramref name="defaultName"/> on PATH.</summary>
    /// <param name="configured">The <c>executable</c> key of the runner, or null.</param>
    /// <param name="defaultName">The CLI's usual name, e.g. <c>claude</c>.</param>
    /// <param name="runnerKey">The runner's key under <c>runners:</c>, for the message.</param>
    /// <param name="installHint">How to install it, e.g. <c>npm install -g @anthropic-ai/claude-code</c>.</param>
    /// <param name="pathVariable">The PATH to search; null = this process's PATH.</param>
    public static Outcome<string> Resolve(string? configured, string defaultName, string runnerKey, string installHint, string? pathVariable = null)
    {
        var name = string.IsNullOrWhiteSpace(configured) ? defaultName : configured.Trim();
        if (name.Contains('/', StringComparison.Ordinal) || Path.IsPathRooted(name))
        {
            var full = Path.GetFullPath(name);
            return File.Exists(full)
                ? Outcome<string>.Success(full)
                : Outcome<string>.Failure(ErrorCode.InvalidArgument,
                    $"runners.{runnerKey}.executable '{full}' does not exist. Fix the path in .orchestrator/config.yaml, or {installHint}.");
        }

        foreach (var directory in (pathVariable ?? Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, name);
            if (File.Exists(candidate))
            {
                return Outcome<string>.Success(candidate);
            }
        }

        return Outcome<string>.Failure(ErrorCode.InvalidArgument,
            $"the {runnerKey} runner needs '{name}', which is not on PATH. {char.ToUpperInvariant(installHint[0])}{installHint[1..]}, " +
            $"or set runners.{runnerKey}.executable in .orchestrator/config.yaml to its path.");
    }
}
