using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orchestrator.Core.Jobs;
using Orchestrator.Core.Sessions;
using Serilog;

namespace Orchestrator.McpServer.Hosting.Worker;

/// <summary>
/// A worker's phase job: the phase services come from the server's own dependency injection set-up (so the worker
/// runs spec, plan, divide and close exactly as the server would), with this worker named in the session lock.
/// </summary>
internal static class PhaseJobHost
{
    public static async Task<int> RunAsync(ProjectContext project, string jobId, Microsoft.Extensions.Logging.LogLevel logLevel, Serilog.ILogger serilog, CancellationToken cancellationToken)
    {
        var job = JobRecord.Read(JobFiles.DirectoryOf(project, jobId));
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.ClearProviders().AddSerilog(serilog).SetMinimumLevel(logLevel));
        services.AddOrchestratorMcpServer(new ServerSettings(project.MainWorkTreeRoot, logLevel, ServerSettings.DefaultLogDirectory()));
        // Replaces the server's: this worker's session lock names it, so a refused client reads who holds the session.
        services.AddSingleton(sp => new SessionLockManager(sp.GetRequiredService<TimeProvider>())
        {
            Holder = $"the worker of the {job?.Phase ?? "phase"} job {jobId} of session {job?.SessionId}",
        });
        services.AddSingleton<PhaseJobWorker>();
        await using var provider = services.BuildServiceProvider();
        var worker = provider.GetRequiredService<PhaseJobWorker>();
        var exitCode = await worker.RunAsync(project, jobId, cancellationToken).ConfigureAwait(false);
        await provider.GetRequiredService<SessionLockManager>().DisposeAsync().ConfigureAwait(false);
        return exitCode;
    }
}
