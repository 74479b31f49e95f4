using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Orchestrator.Core.Agents;
using Orchestrator.Core.Agents.Runners.Host;
using Orchestrator.Core.Build.Runs;
using Orchestrator.Core.Close;
using Orchestrator.Core.Close.SessionEnd;
using Orchestrator.Core.Gates;
using Orchestrator.Core.Git;
using Orchestrator.Core.Jobs;
using Orchestrator.Core.Planning;
using Orchestrator.Core.Planning.PhaseAgents;
using Orchestrator.Core.Processes;
using Orchestrator.Core.Sessions;
using Orchestrator.Core.Trackers;
using Orchestrator.McpServer.Hosting.Worker;
using Orchestrator.McpServer.Hosting.Cluster;
using Orchestrator.McpServer.Prompts;
using Orchestrator.McpServer.Resources;
using Orchestrator.McpServer.Tools;

namespace Orchestrator.McpServer.Hosting;

/// <summary>Everything but the transport, so stdio, HTTP and the in-memory tests serve exactly the same server.</summary>
internal static class OrchestratorServerSetup
{
    public static string Version { get; } =
        typeof(OrchestratorServerSetup).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? "0.0.0";

    public static IMcpServerBuilder AddOrchestratorMcpServer(this IServiceCollection services, ServerSettings settings)
    {
        services.AddSingleton(settings);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IProcessRunner, ProcessRunner>();
        services.AddSingleton<IGit>(sp => new GitCli(sp.GetRequiredService<IProcessRunner>()));
        services.AddSingleton(sp => new SessionLockManager(sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<SessionService>();
        services.AddSingleton<ProjectRootResolver>();
        services.AddSingleton<GatePolicyResolver>();
        services.AddSingleton<RunHandoffReader>();
        services.AddSingleton<ResumeChoiceForm>();
        services.AddHostedService<StaleWorktreeSweeper>();
        services.AddHostedService<UnsettledRunSweeper>();
        services.AddSingleton<HostJobBroker>();
        services.AddSingleton<IHostJobBroker>(sp => sp.GetRequiredService<HostJobBroker>());
        services.AddSingleton<PromptArgumentCompleter>();
        // close's GitHub/Gitea tracker: a typed client from IHttpClientFactory (pooled handlers, DNS refresh); tokens are
        // added per request by the trackers, never as default headers. The factory's request logging stays off: the
        // trackers report failures themselves, masked, and the logs looked the same before the factory.
        services.AddHttpClient<IssueTrackerFactory, IssueTrackerFactory>((http, sp) => new IssueTrackerFactory(http, Environment.GetEnvironmentVariable, sp.GetRequiredService<TimeProvider>()))
            .ConfigureHttpClient(http => http.Timeout = TimeSpan.FromSeconds(60))
            // CloseService (a singleton) keeps the client it gets, so the factory's handler rotation never happens for
            // it: the pooled connections are recycled by the handler itself instead, and DNS changes are still seen.
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            .RemoveAllLoggers();
        services.PostConfigure<McpServerOptions>(ToolSchemaCompactor.Apply);
        AddPhaseServices(services);

        return services
            .AddMcpServer(options =>
            {
                options.ServerInfo = new Implementation { Name = "orchestrator", Title = "Orchestrator", Version = Version };
                options.ServerInstructions = ServerInstructions;
            })
            .WithMessageFilters(filters => filters.AddIncomingFilter(ToolCallShapeFilter.Wrap))
            .WithRequestFilters(filters => filters.AddCallToolFilter(ExpectedFailureFilter.Wrap))
            .WithTools<SessionTools>(ToolJson.Arguments)
            .WithTools<SessionEndTools>(ToolJson.Arguments)
            .WithTools<PhaseTools>(ToolJson.Arguments)
            .WithTools<GateTools>(ToolJson.Arguments)
            .WithTools<BuildTools>(ToolJson.Arguments)
            .WithTools<CloseTools>(ToolJson.Arguments)
            .WithTools<HostJobTools>(ToolJson.Arguments)
            .WithResources<SessionResources>()
            .WithResources<RunResources>()
            .WithPrompts<WorkflowPrompts>()
            .WithCompleteHandler(PromptArgumentCompleter.HandleAsync);
    }

    /// <summary>spec / plan / divide, the gates, the build runs and close.</summary>
    private static void AddPhaseServices(IServiceCollection services)
    {
        services.AddSingleton<ClusterBoard>();
        services.AddSingleton<IAgentRunnerFactory>(sp =>
        {
            var local = new AgentRunnerFactory(sp.GetRequiredService<IProcessRunner>(), sp.GetService<IHostJobBroker>());
            var membership = sp.GetRequiredService<ServerSettings>().ClusterMembership;
            return new ServerRunnerFactory(local, membership, () => ClusterMode.CreateFactory(local, sp.GetRequiredService<ClusterBoard>(), membership,
                sp.GetRequiredService<ILoggerFactory>(), sp.GetRequiredService<IGit>(), sp.GetRequiredService<TimeProvider>()));
        });
        services.AddSingleton<IBuildRunEnvironmentFactory>(sp =>
            new BuildRunEnvironmentFactory(sp.GetRequiredService<IAgentRunnerFactory>(), sp.GetRequiredService<IProcessRunner>(), sp.GetService<IGit>()));
        services.AddSingleton<SessionWriter>();
        services.AddSingleton<GateService>();
        services.AddSingleton<SessionEndService>();
        services.AddSingleton<BuildRunRegistry>();
        services.AddSingleton<BuildRunSettler>();
        services.AddSingleton<UnsettledRunSettler>();
        // Runs go to detached worker processes (they outlive the client and this server) when the worker would build
        // exactly what this server would: the real run environment and agent runners. A server whose environment was
        // replaced in code (tests' scripted agents, which no other process can see) executes runs in process. The
        // server's own factory (local runners, or the cluster's when cluster mode is on) is the real one.
        services.AddSingleton(sp =>
            sp.GetRequiredService<IBuildRunEnvironmentFactory>() is BuildRunEnvironmentFactory && sp.GetRequiredService<IAgentRunnerFactory>() is AgentRunnerFactory or ServerRunnerFactory
                ? new BuildRunExecution(new BuildRunWorkerStarter(WorkerCommands.ForThisProgram(), sp.GetRequiredService<ServerSettings>().LogLevel.ToString().ToLowerInvariant(),
                    // The detached worker is the run's coordinator: it places the agents on the server's cluster (passed in
                    // its environment: the URL may carry a Redis password, which arguments would show to every user; empty
                    // when this server has none, so a value inherited from the user's shell never turns cluster mode on).
                    new Dictionary<string, string> { [WorkerHost.ClusterEnvironmentVariable] = sp.GetRequiredService<ServerSettings>().ClusterMembership ?? "" }))
                : BuildRunExecution.InProcess);
        services.AddSingleton<ISessionActivity>(sp => sp.GetRequiredService<BuildRunRegistry>());
        services.AddSingleton<BuildRunLauncher>();
        services.AddSingleton<BuildRunReader>();
        services.AddSingleton<PhaseAgentDispatcher>();
        services.AddSingleton<PhaseRunnerSelector>();
        services.AddSingleton<SpecService>();
        services.AddSingleton<PlanService>();
        services.AddSingleton<DivideService>();
        services.AddSingleton<BuildGateChoices>();
        services.AddSingleton<PhaseJobRegistry>();
        // Phase jobs go to worker processes exactly when build runs do (same workers, same decision).
        services.AddSingleton<DetachedJobControl>();
        // One client for the server's lifetime (sockets are pooled); tokens are added per request, never as defaults.
        services.AddSingleton<CloseService>();
        services.AddSingleton<SessionProjectResolver>();
    }

    private const string ServerInstructions =
        "Runs a non-trivial feature through a disciplined multi-agent workflow whose state lives in this server: " +
        "session_start -> spec -> plan -> approve(plan) -> divide -> approve(build) -> build_start -> build_status (poll) -> build_result -> close. " +
        "Start with session_start (unfinished sessions come first: resume one, or pass new: true); session_status shows where a session is; session_end ends one. " +
        "Gates are decided by the user: show them the plan or the chunk plan and ask before approving (the server's gate policy may send them to a form or the dashboard).";
}
