using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orchestrator.Cluster.Membership;
using Orchestrator.Cluster.Placement;
using Orchestrator.Cluster.Security;
using Orchestrator.Core.Common;
using Orchestrator.Core.Processes;
using Orleans.Configuration;

namespace Orchestrator.Cluster.Workers;

/// <summary>
/// A worker process: an Orleans silo that joins the cluster through Redis membership, hosts the worker grain and runs
/// agent jobs. It listens on loopback unless told otherwise.
/// </summary>
public static class WorkerSilo
{
    /// <summary>Builds the worker's host; an unusable membership URL is an invalid argument.</summary>
    public static Outcome<IHost> Build(ClusterSettings settings, WorkerOptions worker, Action<ILoggingBuilder> logging)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(worker);
        var redis = RedisUrl.Parse(settings.Membership);
        if (!redis.Succeeded)
        {
            return Outcome<IHost>.Failure(redis.Error);
        }

        var advertise = settings.Advertise ?? (settings.Listen.Equals(IPAddress.Any) || settings.Listen.Equals(IPAddress.IPv6Any) ? IPAddress.Loopback : settings.Listen);
        var siloPort = settings.SiloPort > 0 ? settings.SiloPort : FreePort.On(settings.Listen);
        var gatewayPort = settings.GatewayPort > 0 ? settings.GatewayPort : FreePort.On(settings.Listen);
        Directory.CreateDirectory(worker.WorkDirectory);

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        logging(builder.Logging);
        builder.Services.AddSingleton(worker);
        builder.Services.AddSingleton<IProcessRunner, ProcessRunner>();
        builder.Services.AddSingleton<WorkerJobHost>();
        builder.UseOrleans(silo =>
        {
            silo.UseRedisClustering(options => options.ConfigurationOptions = redis.Value);
            silo.Configure<ClusterOptions>(options =>
            {
                options.ClusterId = ClusterIdentity.ClusterId(settings.Secret);
                options.ServiceId = ClusterIdentity.ServiceId;
            });
            silo.Configure<SiloOptions>(options => options.SiloName = worker.Name);
            silo.Configure<EndpointOptions>(options =>
            {
                options.AdvertisedIPAddress = advertise;
                options.SiloPort = siloPort;
                options.GatewayPort = gatewayPort;
                options.SiloListeningEndpoint = new IPEndPoint(settings.Listen, siloPort);
                options.GatewayListeningEndpoint = new IPEndPoint(settings.Listen, gatewayPort);
            });
            silo.AddPlacementDirector<WorkerPlacement, WorkerPlacementDirector>();
            silo.AddIncomingGrainCallFilter(new ClusterSecretCheck(settings.Secret));
        });
        return Outcome<IHost>.Success(builder.Build());
    }
}
