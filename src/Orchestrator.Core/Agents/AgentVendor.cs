namespace Orchestrator.Core.Agents;

/// <summary>Whose keys and settings an agent process may see (see <see cref="AgentProcessEnvironment"/>).</summary>
public enum AgentVendor
{
    /// <summary>No vendor's variables: a command-template agent or the server's test command (configure `env`).</summary>
    None,

    /// <summary>Claude Code: <c>ANTHROPIC_*</c> and <c>CLAUDE_*</c>.</summary>
    Anthropic,

    /// <summary>Codex: <c>OPENAI_*</c>, <c>CODEX_*</c> and <c>AZURE_OPENAI_*</c>.</summary>
    OpenAi,
}
