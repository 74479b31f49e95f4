namespace Orchestrator.Core.Options;

/// <summary>
/// The cluster a build run's agents go to: its membership store and the environment variable holding the shared
/// secret. In memory only: <see cref="Membership"/> may carry a Redis password, so what a run records of it on disk is
/// <c>RunClusterRecord</c> (without credentials).
/// </summary>
/// <param name="Membership">The membership URL as configured (<c>redis://[:password@]host:port</c>).</param>
/// <param name="SecretEnv">The environment variable holding the shared cluster secret.</param>
public sealed record ClusterTarget(string Membership, string SecretEnv)
{
    /// <summary>The environment variable read for the secret unless config.yaml names another.</summary>
    public const string DefaultSecretEnv = "ORCHESTRATOR_CLUSTER_SECRET";

    /// <summary>
    /// The cluster a build started now would use: config.yaml's <c>cluster.membership</c>, else the server's
    /// <c>--cluster</c> (<paramref name="serverMembership"/>); null when neither names one (this machine runs the agents).
    /// </summary>
    public static ClusterTarget? Of(OrchestratorOptions options, string? serverMembership)
    {
        ArgumentNullException.ThrowIfNull(options);
        var membership = options.Cluster?.Membership is { Length: > 0 } configured ? configured : serverMembership;
        return membership is null ? null : new ClusterTarget(membership, options.Cluster?.SecretEnv is { Length: > 0 } named ? named : DefaultSecretEnv);
    }
}
