using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orchestrator.Cluster.Membership;
using Orchestrator.Cluster.Security;
using Orleans.Configuration;
using StackExchange.Redis;

namespace Orchestrator.Cluster.Coordinator;

/// <summary>
/// The coordinator's Orleans client, started on first use (so a server that never runs a cluster build never connects)
/// and retried until a worker's gateway answers or the caller gives up. One per membership URL and secret.
/// </summary>
internal sealed class ClusterConnection(ConfigurationOptions redis, string secret, ILoggerFactory loggerFactory) : IAsyncDisposable
{
    private readonly SemaphoreSlim _startGate = new(1, 1);
    private IHost? _host;

    /// <summary>The connected client; waits (retrying) while no worker has joined yet.</summary>
    public async Task<IClusterClient> ClientAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _host) is { } started)
        {
            return started.Services.GetRequiredService<IClusterClient>();
        }

        await _startGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_host is not null)
            {
                return _host.Services.GetRequiredService<IClusterClient>();
            }

            var host = Build();
            try
            {
                await host.StartAsync(cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                host.Dispose();
                throw;
            }

            Volatile.Write(ref _host, host);
            return host.Services.GetRequiredService<IClusterClient>();
        }
        finally
        {
            _startGate.Release();
        }
    }

    private IHost Build()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddSingleton(loggerFactory);
        builder.Services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        builder.UseOrleansClient(client =>
        {
            client.UseRedisClustering(options => options.ConfigurationOptions = redis);
            client.Configure<ClusterOptions>(options =>
            {
                options.ClusterId = ClusterIdentity.ClusterId(secret);
                options.ServiceId = ClusterIdentity.ServiceId;
            });
            // Calls are short (agents are followed by polling): a call that takes long means a worker in trouble.
            client.Configure<ClientMessagingOptions>(options => options.ResponseTimeout = TimeSpan.FromSeconds(15));
            client.AddOutgoingGrainCallFilter(new ClusterSecretStamp(secret));
            client.UseConnectionRetryFilter(async (_, token) =>
            {
                // No gateway yet (no worker joined) or Redis not reachable: wait and try again until the caller gives up.
                await Task.Delay(TimeSpan.FromSeconds(1), token).ConfigureAwait(false);
                return true;
            });
        });
        return builder.Build();
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _host, null) is { } host)
        {
            try
            {
                await host.StopAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
            }
            finally
            {
                host.Dispose();
            }
        }

        _startGate.Dispose();
    }
}
