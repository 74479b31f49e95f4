using Microsoft.Extensions.Logging.Abstractions;
using Orchestrator.Core.Git;
using Orchestrator.Core.Processes;
using Orchestrator.Core.Sessions;

namespace Orchestrator.Core.Tests.Sessions;

/// <summary>A session service over the real git; each call stands for one server process (its own lock manager).</summary>
internal static class SessionServiceFactory
{
    public static (SessionService Service, SessionLockManager Locks) Create()
    {
        var locks = new SessionLockManager(TimeProvider.System);
        var service = new SessionService(new GitCli(new ProcessRunner()), locks, TimeProvider.System, NullLogger<SessionService>.Instance);
        return (service, locks);
    }

    public static SessionStartRequest Request(string directory, string description = "Add OAuth login to the web app",
        IReadOnlyList<string>? issues = null, SessionIsolation? isolation = null, string? baseName = null) =>
        new(directory, description, issues ?? [], isolation, baseName);
}
