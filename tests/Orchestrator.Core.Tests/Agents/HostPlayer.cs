using System.Collections.Concurrent;
using System.Text.Json;
using Orchestrator.Core.Agents;
using Orchestrator.Core.Agents.Runners.Host;
using Orchestrator.Core.Common;

namespace Orchestrator.Core.Tests.Agents;

/// <summary>
/// Plays the MCP client of the host runner: takes a run's jobs from the broker and answers each with
/// <c>answer(job)</c> (null: never answer that job), recording every job and every submission.
/// </summary>
internal sealed class HostPlayer : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public HostPlayer(HostJobBroker broker, string runId, Func<AgentJob, object?> answer)
    {
        _loop = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                HostJobOffer offer;
                try
                {
                    offer = await broker.NextAsync(runId, TimeSpan.FromSeconds(5), _stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                if (offer.Job is not { } job)
                {
                    continue;
                }

                Jobs.Enqueue(job);
                if (answer(job) is { } output)
                {
                    Submissions.Enqueue(broker.Submit(job.JobId, JsonSerializer.SerializeToElement(output)));
                }
            }
        });
    }

    public ConcurrentQueue<AgentJob> Jobs { get; } = new();

    public ConcurrentQueue<Outcome<HostJobSubmission>> Submissions { get; } = new();

    public static object Done(string summary, params string[] files) => new { status = "done", summary, filesChanged = files };

    public static object Clean() => new { findings = Array.Empty<object>() };

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}
