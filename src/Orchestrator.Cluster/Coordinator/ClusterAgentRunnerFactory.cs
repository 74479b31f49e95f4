using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Orchestrator.Cluster.Membership;
using Orchestrator.Core.Agents;
using Orchestrator.Core.Common;
using Orchestrator.Core.Git;
using Orchestrator.Core.Options;

namespace Orchestrator.Cluster.Coordinator;

/// <summary>
/// The coordinator's runner factory: a build's agents go to the cluster when config.yaml has <c>cluster.membership</c>
/// (or the server was started with <c>--cluster</c>); everything else (spec, plan, divide, close, host jobs) comes from
/// the local factory unchanged. One Orleans client per membership URL and secret, started on first use.
/// </summary>
public sealed class ClusterAgentRunnerFactory : IAgentRunnerFactory, IAsyncDisposable
{
    private readonly IAgentRunnerFactory _local;
    private readonly ClusterBoard _board;
    private readonly string? _defaultMembership;
    private readonly Func<string, string?> _environment;
    private readonly ILoggerFactory _loggerFactory;
    private readonly IGit _git;
    private readonly TimeProvider _timeProvider;
    private readonly ConcurrentDictionary<(string Membership, string Secret), Lazy<(WorkerPool Pool, WorkerPlacer Placer)>> _clusters = new();
    private readonly ConcurrentBag<ClusterConnection> _connections = [];

    /// <param name="local">The factory of this machine's runners.</param>
    /// <param name="board">Where the cluster's state is shown.</param>
    /// <param name="defaultMembership">The server's <c>--cluster</c>, used when config.yaml names no membership.</param>
    /// <param name="environment">Reads the secret's environment variable.</param>
    /// <param name="loggerFactory">For the Orleans client.</param>
    /// <param name="git">The coordinator's git.</param>
    /// <param name="timeProvider">Clock for polling.</param>
    public ClusterAgentRunnerFactory(IAgentRunnerFactory local, ClusterBoard board, string? defaultMembership, Func<string, string?> environment,
        ILoggerFactory loggerFactory, IGit git, TimeProvider timeProvider)
    {
        _local = local;
        _board = board;
        _defaultMembership = defaultMembership;
        _environment = environment;
        _loggerFactory = loggerFactory;
        _git = git;
        _timeProvider = timeProvider;
    }

    /// <inheritdoc />
    public Outcome<IAgentRunner> Create(RunnerKind kind, RunnersOptions runners, string? hostRunId) => _local.Create(kind, runners, hostRunId);

    /// <inheritdoc />
    public Outcome<IAgentRunner> CreateForBuild(RunnerKind kind, OrchestratorOptions options, ClusterTarget? cluster, string sessionId, string runId)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (cluster is null)
        {
            return _local.CreateForBuild(kind, options, null, sessionId, runId);
        }

        if (kind == RunnerKind.Host)
        {
            return Outcome<IAgentRunner>.Failure(ErrorCode.InvalidArgument,
                "runner \"host\" (the MCP client's sub-agents) cannot run on cluster workers. Use claude, codex or command, or remove cluster: from config.yaml.");
        }

        var connected = Connect(cluster);
        return !connected.Succeeded
            ? Outcome<IAgentRunner>.Failure(connected.Error)
            : Outcome<IAgentRunner>.Success(new ClusterAgentRunner(kind, options, sessionId, connected.Value.Placer, new AttemptGitTransport(_git), _board));
    }

    /// <inheritdoc />
    public ClusterTarget? ClusterFor(OrchestratorOptions options) => ClusterTarget.Of(options, _defaultMembership);

    /// <summary>
    /// The workers the cluster <paramref name="options"/> name can place attempts on right now (active members that
    /// answered), written to the board too; a failure when no cluster is configured or it cannot be reached.
    /// </summary>
    public async Task<Outcome<IReadOnlyList<WorkerView>>> WorkersAsync(OrchestratorOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (ClusterFor(options) is not { } target)
        {
            return Outcome<IReadOnlyList<WorkerView>>.Failure(ErrorCode.InvalidArgument, "no cluster is configured (cluster.membership in config.yaml or --cluster).");
        }

        var cluster = Connect(target);
        if (!cluster.Succeeded)
        {
            return Outcome<IReadOnlyList<WorkerView>>.Failure(cluster.Error);
        }

        var workers = await cluster.Value.Pool.WorkersAsync(cancellationToken).ConfigureAwait(false);
        return Outcome<IReadOnlyList<WorkerView>>.Success([.. workers.Select(w => new WorkerView(w.Name, w.Address, w.MaxAgents, w.Running, w.Runners, w.Labels, w.Host))]);
    }

    private Outcome<(WorkerPool Pool, WorkerPlacer Placer)> Connect(ClusterTarget target)
    {
        var (membership, secretEnv) = (target.Membership, target.SecretEnv);
        if (_environment(secretEnv) is not { Length: > 0 } secret)
        {
            return Outcome<(WorkerPool, WorkerPlacer)>.Failure(ErrorCode.InvalidArgument,
                $"cluster mode needs the shared cluster secret in the environment variable {secretEnv} (the same value the workers were started with).");
        }

        var redis = RedisUrl.Parse(membership);
        if (!redis.Succeeded)
        {
            return Outcome<(WorkerPool, WorkerPlacer)>.Failure(redis.Error);
        }

        return Outcome<(WorkerPool, WorkerPlacer)>.Success(_clusters.GetOrAdd((membership, secret), _ => new Lazy<(WorkerPool, WorkerPlacer)>(() =>
        {
            var connection = new ClusterConnection(redis.Value, secret, _loggerFactory);
            _connections.Add(connection);
            var pool = new WorkerPool(connection, _board, _timeProvider);
            return (pool, new WorkerPlacer(pool, _board, _timeProvider));
        })).Value);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (var connection in _connections)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }
}
