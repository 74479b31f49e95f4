using Microsoft.Extensions.Logging;
using Orchestrator.Core.Agents;
using Orchestrator.Core.Git;
#if !NATIVE_AOT
using Microsoft.Extensions.Hosting;
using Orchestrator.Cluster.Coordinator;
using Orchestrator.Cluster.Membership;
using Orchestrator.Cluster.Workers;
using Serilog;
#endif

namespace Orchestrator.McpServer.Hosting.Cluster;

/// <summary>
/// The only place the server touches the cluster's (Orleans) types; its methods are reached only in cluster mode, so
/// the runtime loads Orleans only then. The native build (NATIVE_AOT, docs/native-aot.md) has no Orleans at all: Orleans
/// generates and loads code at run time, which NativeAOT cannot do, so there the cluster paths say which build to use.
/// </summary>
internal static class ClusterMode
{
    /// <summary>What the native binary answers to <c>worker</c>, <c>--cluster</c> and a config.yaml <c>cluster:</c>.</summary>
    public const string NeedsManagedBuild =
        "cluster mode (Orleans) needs the managed build of orchestrator-mcp: this native binary runs single-machine only. " +
        "Install the .NET tool (dotnet tool install -g Orchestrator.McpServer) or run it with dnx (see README, Install).";

    /// <summary>Whether this build can run cluster mode (false in the native binary).</summary>
#if NATIVE_AOT
    public static bool Available => false;
#else
    public static bool Available => true;
#endif

    /// <summary>The cluster runner factory over this machine's <paramref name="local"/> one.</summary>
    public static IAgentRunnerFactory CreateFactory(IAgentRunnerFactory local, ClusterBoard board, string? defaultMembership, ILoggerFactory loggerFactory, IGit git, TimeProvider timeProvider) =>
#if NATIVE_AOT
        new ManagedBuildOnlyRunnerFactory(local, NeedsManagedBuild);
#else
        new ClusterAgentRunnerFactory(local, board, defaultMembership, Environment.GetEnvironmentVariable, loggerFactory, git, timeProvider);
#endif

    /// <summary>Runs a worker until <paramref name="cancellationToken"/> (Ctrl+C, SIGTERM) stops it.</summary>
    public static async Task<int> RunWorkerAsync(WorkerCommandLine line, ServerSettings logging, CancellationToken cancellationToken)
    {
#if NATIVE_AOT
        ArgumentNullException.ThrowIfNull(line);
        ArgumentNullException.ThrowIfNull(logging);
        await Console.Error.WriteLineAsync($"orchestrator worker: {NeedsManagedBuild}").ConfigureAwait(false);
        return 2;
#else
        var secret = Environment.GetEnvironmentVariable(line.SecretEnv);
        if (string.IsNullOrEmpty(secret))
        {
            await Console.Error.WriteLineAsync($"orchestrator worker: the shared cluster secret is not set; put it in the environment variable {line.SecretEnv}.").ConfigureAwait(false);
            return 2;
        }

        var name = line.Name ?? $"{Environment.MachineName}-{Environment.ProcessId}";
        var settings = new ClusterSettings(line.Membership, secret, line.Listen, line.Advertise, line.SiloPort, line.GatewayPort);
        var workDirectory = line.WorkDirectory ?? Path.Combine(Path.GetDirectoryName(logging.LogDirectory)!, "workers", ClusterRefsName(name));
        var worker = new WorkerOptions(name, line.MaxAgents, line.Labels, workDirectory);
        var built = WorkerSilo.Build(settings, worker, builder => builder.AddSerilog(ServerLogging.Create(logging), dispose: true));
        if (!built.Succeeded)
        {
            await Console.Error.WriteLineAsync($"orchestrator worker: {built.Error.Message}").ConfigureAwait(false);
            return 2;
        }

        using var host = built.Value;
        await host.StartAsync(cancellationToken).ConfigureAwait(false);
        // One line on stdout once the silo is a member: scripts (and the tests) wait for it.
        Console.Out.WriteLine($"worker {name} joined {RedisUrl.Redact(line.Membership)} (max {line.MaxAgents} agents, listening on {line.Listen})");
        await Console.Out.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        // Until Ctrl+C / SIGTERM: the host's console lifetime catches the signal and stops the silo (leaving the cluster
        // cleanly); the command line's token does the same when it fires first.
        await host.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
        return 0;
#endif
    }

#if !NATIVE_AOT
    private static string ClusterRefsName(string name) => new([.. name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_')]);
#endif
}
