using System.Text.Json.Serialization;
using Orchestrator.Core.Common;

namespace Orchestrator.Core.Agents;

/// <summary>
/// Why an agent attempt failed: the agent's own doing, or the infrastructure under it. Infrastructure failures do not
/// consume the chunk's attempts or bump its tier: the run pauses instead (snake_case in JSON).
/// </summary>
[JsonConverter(typeof(SnakeCaseEnumConverter<AgentFailureClass>))]
public enum AgentFailureClass
{
    /// <summary>The agent's own failure: a blocker, an invalid answer, a timeout, a refused edit.</summary>
    Agent,

    /// <summary>Rate limited or overloaded (HTTP 429 / 529, "high demand").</summary>
    RateLimit,

    /// <summary>A usage or quota limit of the account.</summary>
    UsageLimit,

    /// <summary>Authentication refused (HTTP 401 / 403, a missing or invalid key).</summary>
    Auth,

    /// <summary>The model API could not be reached.</summary>
    Network,

    /// <summary>The agent CLI could not be started.</summary>
    CliMissing,
}
