using System.Text.Json;

namespace Orchestrator.Core.Agents.Runners.Host;

/// <summary>What the host submitted for a job, and why it does not fit the job's schema (null when it does).</summary>
internal sealed record HostAnswer(JsonElement? Output, string? Problem);
