using System.Collections;

namespace Orchestrator.Core.Agents;

/// <summary>
/// The environment an agent CLI starts with, built explicitly: the server's own variables minus those that would
/// change a nested CLI's behaviour, plus the runner's configured ones.
/// </summary>
public static class AgentProcessEnvironment
{
    /// <summary>
    /// Never passed on: Claude Code refuses to start inside another Claude Code session (<c>CLAUDECODE</c>), and the
    /// entrypoint marker would misreport the nested run.
    /// </summary>
    public static readonly IReadOnlyList<string> RemovedVariables = ["CLAUDECODE", "CLAUDE_CODE_ENTRYPOINT"];

    /// <summary>The full variable set for an agent process (use with <c>InheritEnvironment = false</c>).</summary>
    public static Dictionary<string, string?> Build(IReadOnlyDictionary<string, string>? configured, IDictionary? current = null)
    {
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in current ?? Environment.GetEnvironmentVariables())
        {
            if (entry.Key is string name && entry.Value is string value)
            {
                environment[name] = value;
            }
        }

        foreach (var removed in RemovedVariables)
        {
            environment.Remove(removed);
        }

        foreach (var (name, value) in configured ?? new Dictionary<string, string>())
        {
            if (!RemovedVariables.Contains(name, StringComparer.Ordinal))
            {
                environment[name] = value;
            }
        }

        return environment;
    }
}
