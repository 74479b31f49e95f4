using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Core.Gates;
using Orchestrator.Core.Options;
using Orchestrator.Core.Sessions;
using Orchestrator.McpServer.Hosting;

namespace Orchestrator.McpServer.Tools;

/// <summary>
/// The gate decider in force for a repository (<c>--gates</c>, else its config.yaml, else user) and where this
/// server's dashboard is, so a refusal can send the user there.
/// </summary>
internal sealed class GatePolicyResolver(ServerSettings settings, IServiceProvider services)
{
    public async Task<GateDecider> ResolveAsync(ProjectContext project, CancellationToken cancellationToken)
    {
        if (settings.Gates is { } fromCommandLine)
        {
            return fromCommandLine;
        }

        var options = ToolResults.Unwrap(await OptionsLoader.LoadAsync(project.OrchestratorDirectory, cancellationToken).ConfigureAwait(false));
        return GatePolicy.Effective(null, options);
    }

    /// <summary>The dashboard's address when this process serves HTTP (the page is at its root), else null (stdio).</summary>
    public string? DashboardUrl()
    {
        var addresses = services.GetService<IServer>()?.Features.Get<IServerAddressesFeature>()?.Addresses;
        var first = addresses?.FirstOrDefault();
        return first is null ? null : first.TrimEnd('/') + "/";
    }
}
