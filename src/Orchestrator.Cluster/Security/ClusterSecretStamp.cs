namespace Orchestrator.Cluster.Security;

/// <summary>The coordinator's outgoing call filter: every call carries the secret's proof.</summary>
internal sealed class ClusterSecretStamp(string secret) : IOutgoingGrainCallFilter
{
    private readonly string _proof = ClusterSecretProof.For(secret);

    public Task Invoke(IOutgoingGrainCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        RequestContext.Set(ClusterSecretHeader.Key, _proof);
        return context.Invoke();
    }
}
