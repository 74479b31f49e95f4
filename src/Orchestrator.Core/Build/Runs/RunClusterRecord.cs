using Orchestrator.Core.Common;
using Orchestrator.Core.Options;

namespace Orchestrator.Core.Build.Runs;

/// <summary>
/// Where a run's agents go, kept with the run (setup.json), so a resume by any server places them where the start did:
/// on the same cluster, or on the coordinator's machine; never switched silently. Holds no secret: the membership URL
/// without its Redis credentials, and the <em>name</em> of the environment variable with the shared secret.
/// </summary>
/// <param name="Membership">The membership URL without credentials; null: the agents run on the coordinator's machine.</param>
/// <param name="SecretEnv">The environment variable holding the shared cluster secret (null for a local run).</param>
/// <param name="MembershipHasCredentials">The membership URL had a user or password, which a resume must be given again.</param>
public sealed record RunClusterRecord(string? Membership, string? SecretEnv, bool MembershipHasCredentials)
{
    /// <summary>A run whose agents run on the coordinator's machine.</summary>
    public static RunClusterRecord Local { get; } = new(null, null, false);

    /// <summary>What a run started on <paramref name="target"/> (null: this machine) records.</summary>
    public static RunClusterRecord From(ClusterTarget? target) =>
        target is null ? Local : new(MembershipUrls.WithoutCredentials(target.Membership), target.SecretEnv, MembershipUrls.HasCredentials(target.Membership));

    /// <summary>
    /// The cluster a resume of run <paramref name="runId"/> uses: the recorded one (the membership's credentials taken
    /// from <paramref name="current"/>, the cluster this server would use now, when it names the same store), or null
    /// for a run recorded as local. A run recorded before runs kept their cluster (<paramref name="recorded"/> null)
    /// uses <paramref name="current"/>, as resumes did then. A failure names what is missing.
    /// </summary>
    public static Outcome<ClusterTarget?> Resolve(RunClusterRecord? recorded, ClusterTarget? current, string runId)
    {
        if (recorded is null)
        {
            return Outcome<ClusterTarget?>.Success(current);
        }

        if (recorded.Membership is not { } membership)
        {
            return Outcome<ClusterTarget?>.Success(null);
        }

        var secretEnv = recorded.SecretEnv ?? ClusterTarget.DefaultSecretEnv;
        if (current is not null && MembershipUrls.SameStore(current.Membership, membership))
        {
            return Outcome<ClusterTarget?>.Success(new ClusterTarget(current.Membership, secretEnv));
        }

        return recorded.MembershipHasCredentials
            ? Outcome<ClusterTarget?>.Failure(ErrorCode.InvalidArgument,
                $"Run '{runId}' places its agents on the cluster at {membership}, whose Redis credentials are not kept with the run. " +
                $"Start this server with --cluster set to that URL with its credentials (or put it in config.yaml's cluster.membership), then build_resume again.")
            : Outcome<ClusterTarget?>.Success(new ClusterTarget(membership, secretEnv));
    }
}
