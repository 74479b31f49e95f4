namespace Orchestrator.Core.Options;

/// <summary>
/// The <c>cluster:</c> section of config.yaml: when <see cref="Membership"/> is set (or the server was started with
/// <c>--cluster</c>), a build's agent attempts run on cluster workers instead of this machine.
/// </summary>
public sealed record ClusterOptions
{
    /// <summary>Where the workers' membership lives: <c>redis://[:password@]host:port</c> (<c>rediss://</c> for TLS).</summary>
    public string? Membership { get; init; }

    /// <summary>
    /// The git remote the coordinator pushes each attempt's snapshot to and the workers fetch from (an SSH, HTTPS or
    /// <c>file://</c> URL). Null: this repository itself as a <c>file://</c> URL, which only workers on this machine reach.
    /// </summary>
    public string? GitRemote { get; init; }

    /// <summary>The environment variable holding the shared cluster secret (default <c>ORCHESTRATOR_CLUSTER_SECRET</c>).</summary>
    public string SecretEnv { get; init; } = "ORCHESTRATOR_CLUSTER_SECRET";

    /// <summary>Labels a worker must carry to take this project's attempts (e.g. <c>os: linux</c>); empty: any worker.</summary>
    public Dictionary<string, string> RequireLabels { get; init; } = [];
}
