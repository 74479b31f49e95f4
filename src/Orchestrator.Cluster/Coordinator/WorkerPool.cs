using Orchestrator.Cluster.Contracts;
using Orchestrator.Core.Agents;

namespace Orchestrator.Cluster.Coordinator;

/// <summary>
/// The workers as the coordinator sees them: the silos membership lists as active, each asked for its capacity. A
/// worker that membership declares dead leaves the list; that is the only signal an attempt is placed again on.
/// </summary>
internal sealed class WorkerPool(ClusterConnection connection, ClusterBoard board, TimeProvider timeProvider)
{
    private static readonly TimeSpan FreshFor = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan DescribeTimeout = TimeSpan.FromSeconds(10);
    private readonly SemaphoreSlim _refreshGate = new(1, 1);
    private IReadOnlyList<WorkerDescription> _workers = [];
    private long _refreshedAt = long.MinValue;

    /// <summary>The active workers, refreshed at most twice a second; also written to the board.</summary>
    public async Task<IReadOnlyList<WorkerDescription>> WorkersAsync(CancellationToken cancellationToken)
    {
        await _refreshGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_refreshedAt != long.MinValue && timeProvider.GetElapsedTime(_refreshedAt) < FreshFor)
            {
                return _workers;
            }

            var client = await connection.ClientAsync(cancellationToken).ConfigureAwait(false);
            var active = await client.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true).WaitAsync(DescribeTimeout, cancellationToken).ConfigureAwait(false);
            var described = await Task.WhenAll(active.Keys.Select(silo => DescribeAsync(client, silo, cancellationToken))).ConfigureAwait(false);
            _workers = [.. described.Select(d => d.Worker).OfType<WorkerDescription>().OrderBy(w => w.Name, StringComparer.Ordinal)];
            var silent = described.Where(d => d.Problem is not null).Select(d => d.Problem).ToList();
            _refreshedAt = timeProvider.GetTimestamp();
            board.SetWorkers([.. _workers.Select(w => new WorkerView(w.Name, w.Address, w.MaxAgents, w.Running, w.Runners, w.Labels, w.Host))],
                _workers.Count > 0 && silent.Count == 0 ? null
                    : _workers.Count == 0 && active.Count == 0 ? "no worker has joined the cluster yet"
                    : $"{silent.Count} of {active.Count} members did not answer: {string.Join("; ", silent.Distinct())}");
            return _workers;
        }
        finally
        {
            _refreshGate.Release();
        }
    }

    /// <summary>True while membership lists the worker at <paramref name="address"/> as active.</summary>
    public async Task<bool> IsActiveAsync(string address, CancellationToken cancellationToken)
    {
        var client = await connection.ClientAsync(cancellationToken).ConfigureAwait(false);
        var active = await client.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true).WaitAsync(DescribeTimeout, cancellationToken).ConfigureAwait(false);
        return active.Keys.Any(silo => silo.ToParsableString() == address);
    }

    /// <summary>The worker grain of the silo at <paramref name="address"/>.</summary>
    public async Task<IWorkerGrain> WorkerAsync(string address, CancellationToken cancellationToken) =>
        (await connection.ClientAsync(cancellationToken).ConfigureAwait(false)).GetGrain<IWorkerGrain>(address);

    private static async Task<(WorkerDescription? Worker, string? Problem)> DescribeAsync(IClusterClient client, SiloAddress silo, CancellationToken cancellationToken)
    {
        try
        {
            return (await client.GetGrain<IWorkerGrain>(silo.ToParsableString()).DescribeAsync().WaitAsync(DescribeTimeout, cancellationToken).ConfigureAwait(false), null);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // A silo that does not answer (starting, stopping, or not a worker) offers no capacity this round.
            return (null, $"{silo}: {ex.GetType().Name}: {ex.Message}{(ex.InnerException is { } inner ? " (" + inner.Message + ")" : "")}");
        }
    }
}
