using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Orchestrator.Core.Agents.Runners.Host;
using Orchestrator.Core.Build.Runs;
using Orchestrator.Core.Gates;
using Orchestrator.Core.Git;
using Orchestrator.Core.Planning;
using Orchestrator.Core.Planning.PhaseAgents;
using Orchestrator.Core.Processes;
using Orchestrator.Core.Sessions;
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
        services.AddHostedService<StaleWorktreeSweeper>();
        services.AddSingleton<HostJobBroker>();
        services.AddSingleton<IHostJobBroker>(sp => sp.GetRequiredService<HostJobBroker>());
        services.AddSingleton<PromptArgumentCompleter>();
        services.PostConfigure<McpServerOptions>(ToolSchemaCompactor.Apply);
        AddPhaseServices(services);

        return services
            .AddMcpServer(options =>
            {
                options.ServerInfo = new Implementation { Name = "orchestrator", Title = "Orchestrator", Version = Version };
                options.ServerInstructions = ServerInstructions;
            })
            .WithRequestFilters(filters => filters.AddCallToolFilter(ExpectedFailureFilter.Wrap))
            .WithTools<SessionTools>(ToolJson.Arguments)
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

    /// <summary>spec / plan / divide, the gates and the build runs (issue 5, phase tools).</summary>
    private static void AddPhaseServices(IServiceCollection services)
    {
        services.AddSingleton<IBuildRunEnvironmentFactory, BuildRunEnvironmentFactory>();
        services.AddSingleton<SessionWriter>();
        services.AddSingleton<GateService>();
        services.AddSingleton<BuildRunRegistry>();
        services.AddSingleton<BuildRunService>();
        services.AddSingleton<PhaseAgentDispatcher>();
        services.AddSingleton<PhaseRunnerSelector>();
        services.AddSingleton<SpecService>();
        services.AddSingleton<PlanService>();
        services.AddSingleton<DivideService>();
        services.AddSingleton<PhaseJobRegistry>();
        services.AddSingleton<SessionProjectResolver>();
    }

    private const string ServerInstructions =
        "Runs a non-trivial feature through a disciplined multi-agent workflow whose state lives in this server: " +
        "session_start -> spec -> plan -> approve(plan) -> divide -> approve(build) -> build_start -> build_status (poll) -> build_result -> close. " +
        "Start with session_start (it reports resumable sessions); session_status shows where a session is. " +
        "Gates are decided by the user: show them the plan or the chunk plan and ask before approving.";
}
