using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orchestrator.Core.Common;
using Orchestrator.McpServer.Dashboard;
using Serilog;

namespace Orchestrator.McpServer.Hosting.Http;

/// <summary>
/// <c>--http</c>: the same MCP server as stdio over Streamable HTTP at <c>/mcp</c> (the SDK's <c>MapMcp</c>, behind
/// <see cref="HttpAccessPolicy"/>), plus the live dashboard at <c>/</c>, on ASP.NET Core minimal APIs (Kestrel only, no
/// appsettings, no file watchers).
/// </summary>
internal static class HttpServer
{
    public static async Task<int> RunAsync(ServerSettings settings, HttpServerOptions options, CancellationToken cancellationToken)
    {
        var started = await StartAsync(settings, options, configureServices: null, cancellationToken).ConfigureAwait(false);
        if (!started.Succeeded)
        {
            await Console.Error.WriteLineAsync("orchestrator: " + started.Error.Message).ConfigureAwait(false);
            return 2;
        }

        await using var server = started.Value;
        StartupBanner.WriteHttp(settings, server.Addresses, !string.IsNullOrEmpty(options.Token), Console.Error);
        await server.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
        return 0;
    }

    /// <summary>
    /// Starts listening and returns once the addresses are bound. Refuses (without binding anything) URLs it cannot
    /// parse and any address beyond loopback without a token.
    /// </summary>
    public static async Task<Outcome<RunningHttpServer>> StartAsync(ServerSettings settings, HttpServerOptions options,
        Action<IServiceCollection>? configureServices, CancellationToken cancellationToken)
    {
        var bindings = new List<HttpBinding>();
        foreach (var url in options.Urls)
        {
            if (!HttpBinding.TryParse(url, out var binding, out var error))
            {
                return Outcome<RunningHttpServer>.Failure(ErrorCode.InvalidArgument, error);
            }

            bindings.Add(binding);
        }

        if (bindings.Count == 0)
        {
            return Outcome<RunningHttpServer>.Failure(ErrorCode.InvalidArgument, $"--urls is empty; give at least one, e.g. {HttpServerOptions.DefaultUrl}.");
        }

        var loopbackOnly = bindings.All(b => b.IsLoopback);
        if (!loopbackOnly && string.IsNullOrEmpty(options.Token))
        {
            var exposed = string.Join(", ", bindings.Where(b => !b.IsLoopback).Select(b => b.Url));
            return Outcome<RunningHttpServer>.Failure(ErrorCode.InvalidArgument,
                $"{exposed} is reachable from other machines, so a token is required: set {HttpServerOptions.TokenEnvironmentVariable} " +
                "(or pass --token) to a long random secret, or bind http://127.0.0.1:<port> instead.");
        }

        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions
        {
            ContentRootPath = AppContext.BaseDirectory,
            ApplicationName = "Orchestrator.McpServer",
        });
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes;
            kestrel.Limits.MaxRequestHeadersTotalSize = 32 * 1024;
            foreach (var binding in bindings)
            {
                kestrel.Listen(binding.Address ?? IPAddress.Loopback, binding.Port);
            }
        });
        builder.Services.AddRoutingCore();
        builder.Services.AddSerilog(ServerLogging.Create(settings), dispose: true);

        builder.Services.AddOrchestratorMcpServer(settings).WithOrchestratorHttpTransport(options);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(sp => new HttpAccessPolicy(options.Token, loopbackOnly, sp.GetRequiredService<ILogger<HttpAccessPolicy>>()));
        builder.Services.AddOrchestratorDashboard();
        configureServices?.Invoke(builder.Services);

        var app = builder.Build();
        var policy = app.Services.GetRequiredService<HttpAccessPolicy>();
        // The policy runs before any endpoint, so a refused request never reaches the SDK's handler or the dashboard.
        app.Use(policy.InvokeAsync);
        app.MapMcp("/mcp");
        app.MapOrchestratorDashboard();

        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException ex) when (ex.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            var taken = bindings.FirstOrDefault(b => ex.Message.Contains($":{b.Port}", StringComparison.Ordinal)) ?? bindings[0];
            return Outcome<RunningHttpServer>.Failure(ErrorCode.Conflict, taken.InUseMessage());
        }

        var addresses = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses
            .Select(a => new Uri(a))
            .ToList();
        var logger = app.Services.GetRequiredService<ILogger<RunningHttpServer>>();
        foreach (var address in addresses)
        {
            RunningHttpServer.LogListening(logger, address.ToString().TrimEnd('/') + "/mcp", address.ToString(), policy.RequiresToken);
        }

        return Outcome<RunningHttpServer>.Success(new RunningHttpServer(app, addresses));
    }
}
