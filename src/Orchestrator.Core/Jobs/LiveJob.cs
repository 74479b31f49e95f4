using Orchestrator.Core.Common;
using Orchestrator.Core.Planning;
using Orchestrator.Core.Sessions;

namespace Orchestrator.Core.Jobs;

/// <summary>
/// A spec, plan, divide or close job of a session that has not ended, as any server reads it from its folder.
/// <see cref="Worker"/> is the live holder of <c>job.lock</c>; null while the worker is still starting.
/// </summary>
public sealed record LiveJob(string JobId, string SessionId, JobKind Kind, LockOwner? Worker, JobProgress? LastProgress)
{
    public string Phase => Kind.ToSnakeCase();
}
