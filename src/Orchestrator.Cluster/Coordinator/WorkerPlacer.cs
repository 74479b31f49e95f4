using System.Collections.Concurrent;
using Orchestrator.Cluster.Contracts;
using Orchestrator.Core.Agents;

namespace Orchestrator.Cluster.Coordinator;

/// <summary>
/// Places a job on a worker with a free slot, the job's runner and the project's labels (the least loaded first; it
/// waits, saying so on the board, while none has room), then follows it by polling until it finishes or membership
/// declares its worker dead. A poll that fails while the worker is still a member is retried: a slow network is not a
/// dead worker, so a job is never started twice while its first worker may still finish it.
/// </summary>
internal sealed class WorkerPlacer(WorkerPool pool, ClusterBoard board, TimeProvider timeProvider)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(15);
    private readonly ConcurrentDictionary<string, int> _inFlight = new(StringComparer.Ordinal);

    public async Task<PlacementResult> RunAsync(PlacementRequest request, CancellationToken cancellationToken)
    {
        var worker = await PlaceAsync(request, cancellationToken).ConfigureAwait(false);
        if (worker.Refusal is not null)
        {
            return worker;
        }

        _inFlight.AddOrUpdate(worker.Worker!.Address, 1, (_, n) => n + 1);
        try
        {
            Show(request, worker.Worker.Name, "running");
            return await FollowAsync(request, worker.Worker, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _inFlight.AddOrUpdate(worker.Worker.Address, 0, (_, n) => Math.Max(0, n - 1));
        }
    }

    private async Task<PlacementResult> PlaceAsync(PlacementRequest request, CancellationToken cancellationToken)
    {
        var unsupported = new Dictionary<string, string>(StringComparer.Ordinal);
        Show(request, null, "waiting");
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            IReadOnlyList<WorkerDescription> workers;
            try
            {
                workers = await pool.WorkersAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                board.SetWorkers([], $"cannot see the cluster: {ex.Message}");
                workers = [];
            }

            var able = workers.Where(w => w.Runners.Contains(request.RunnerName, StringComparer.Ordinal) && HasLabels(w, request.RequiredLabels)).ToList();
            if (able.Count > 0 && able.All(w => unsupported.ContainsKey(w.Address)))
            {
                return new PlacementResult(null, null, false, string.Join("; ", unsupported.Values));
            }

            foreach (var worker in able.Where(w => !unsupported.ContainsKey(w.Address)).OrderByDescending(Free).ThenBy(w => InFlight(w.Address)).ThenBy(_ => Random.Shared.Next()))
            {
                if (Free(worker) <= 0)
                {
                    continue;
                }

                JobAcceptance acceptance;
                try
                {
                    var grain = await pool.WorkerAsync(worker.Address, cancellationToken).ConfigureAwait(false);
                    acceptance = await grain.StartAsync(request.Job).WaitAsync(CallTimeout, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    continue;
                }

                switch (acceptance.Kind)
                {
                    case JobAcceptanceKind.Accepted:
                        return new PlacementResult(worker, null, false, null);
                    case JobAcceptanceKind.Unsupported:
                        unsupported[worker.Address] = acceptance.Reason ?? $"worker {worker.Name} cannot run {request.RunnerName}";
                        break;
                }
            }

            await Task.Delay(PollInterval, timeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<PlacementResult> FollowAsync(PlacementRequest request, WorkerDescription worker, CancellationToken cancellationToken)
    {
        var grain = await pool.WorkerAsync(worker.Address, cancellationToken).ConfigureAwait(false);
        try
        {
            while (true)
            {
                await Task.Delay(PollInterval, timeProvider, cancellationToken).ConfigureAwait(false);
                WorkerJobState state;
                try
                {
                    state = await grain.PollAsync(request.Job.JobId).WaitAsync(CallTimeout, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    if (await IsGoneAsync(worker, cancellationToken).ConfigureAwait(false))
                    {
                        return new PlacementResult(worker, null, true, null);
                    }

                    continue;
                }

                switch (state.Status)
                {
                    case WorkerJobStatus.Finished:
                        await ForgetQuietlyAsync(grain, request.Job.JobId).ConfigureAwait(false);
                        return new PlacementResult(worker, state.Result, false, null);
                    case WorkerJobStatus.Unknown:
                        return new PlacementResult(worker, null, true, null);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The attempt was cancelled or timed out: stop the agent on the worker (bounded, best effort).
            try
            {
                await grain.CancelAsync(request.Job.JobId).WaitAsync(TimeSpan.FromSeconds(5), CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // The worker will finish or lose the job on its own; the coordinator no longer waits for it.
            }

            throw;
        }
    }

    private async Task<bool> IsGoneAsync(WorkerDescription worker, CancellationToken cancellationToken)
    {
        try
        {
            return !await pool.IsActiveAsync(worker.Address, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Membership cannot be read right now: not proof of death, keep following.
            return false;
        }
    }

    private static async Task ForgetQuietlyAsync(IWorkerGrain grain, string jobId)
    {
        try
        {
            await grain.ForgetAsync(jobId).WaitAsync(CallTimeout).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The worker keeps a finished result a little longer; harmless.
        }
    }

    private void Show(PlacementRequest request, string? worker, string state) =>
        board.Set(new RemoteAttemptView(request.Source.JobId, request.Source.RunId, request.Source.ChunkId, request.Source.Role, request.Source.Attempt,
            worker, state, timeProvider.GetUtcNow(), request.LostWorkers));

    private int InFlight(string address) => _inFlight.TryGetValue(address, out var n) ? n : 0;

    private int Free(WorkerDescription worker) => worker.MaxAgents - Math.Max(worker.Running, InFlight(worker.Address));

    private static bool HasLabels(WorkerDescription worker, IReadOnlyDictionary<string, string> required) =>
        required.All(l => worker.Labels.TryGetValue(l.Key, out var value) && string.Equals(value, l.Value, StringComparison.Ordinal));
}
