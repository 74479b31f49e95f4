namespace Orchestrator.Cluster.Security;

/// <summary>The request-context key that carries the shared secret's proof on every call to a worker.</summary>
internal static class ClusterSecretHeader
{
    public const string Key = "so-cluster-proof";
}
