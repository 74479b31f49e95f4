using System.CommandLine;
using System.Net;
using Microsoft.Extensions.Logging;

namespace Orchestrator.McpServer.Hosting.Cluster;

/// <summary>
/// <c>orchestrator-mcp worker --cluster redis://host:port [--max-agents N] [--label k=v]... [--secret-env NAME]</c>:
/// joins the cluster and runs the agent attempts a coordinator places here.
/// </summary>
internal static class WorkerCommand
{
    public static Command Create(Option<string> logLevel, Option<string> logDirectory)
    {
        var cluster = new Option<string>("--cluster")
        {
            Description = "The cluster's membership store, redis://[:password@]host:port.",
            HelpName = "url",
            Required = true,
        };
        var maxAgents = new Option<int>("--max-agents")
        {
            Description = "Agents this worker runs at once (default 2).",
            DefaultValueFactory = _ => 2,
            HelpName = "n",
        };
        maxAgents.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 1)
            {
                r.AddError("--max-agents must be at least 1.");
            }
        });
        var labels = new Option<string[]>("--label")
        {
            Description = "A label a project can require (cluster.require_labels), e.g. gpu=true or os=linux; repeat for more.",
            HelpName = "key=value",
            AllowMultipleArgumentsPerToken = false,
        };
        labels.Validators.Add(r =>
        {
            foreach (var label in r.GetValueOrDefault<string[]>() ?? [])
            {
                if (label.Split('=', 2) is not [{ Length: > 0 }, _])
                {
                    r.AddError($"--label '{label}' is not key=value.");
                }
            }
        });
        var secretEnv = new Option<string>("--secret-env")
        {
            Description = "The environment variable holding the shared cluster secret (default ORCHESTRATOR_CLUSTER_SECRET).",
            DefaultValueFactory = _ => "ORCHESTRATOR_CLUSTER_SECRET",
            HelpName = "name",
        };
        var name = new Option<string?>("--name") { Description = "The worker's name in status and the journal (default: host name and process id).", HelpName = "name" };
        var listen = new Option<string?>("--listen")
        {
            Description = "Address the silo and gateway listen on (default 127.0.0.1; other machines need e.g. 0.0.0.0 with --advertise).",
            DefaultValueFactory = _ => "127.0.0.1",
            HelpName = "ip",
        };
        var advertise = new Option<string?>("--advertise") { Description = "Address other machines reach this worker at (default: --listen).", HelpName = "ip" };
        var siloPort = new Option<int>("--silo-port") { Description = "Silo-to-silo port (default: a free one).", HelpName = "port" };
        var gatewayPort = new Option<int>("--gateway-port") { Description = "Port coordinators connect to (default: a free one).", HelpName = "port" };
        var workDirectory = new Option<string?>("--work-dir") { Description = "Where the worker keeps its git mirror, job worktrees and agent logs.", HelpName = "dir" };
        foreach (var address in new Option<string?>[] { listen!, advertise })
        {
            address.Validators.Add(r =>
            {
                if (r.GetValueOrDefault<string?>() is { } text && !IPAddress.TryParse(text, out _))
                {
                    r.AddError($"'{text}' is not an IP address.");
                }
            });
        }

        var command = new Command("worker", "Join a cluster as a worker: run the agent attempts a coordinator (a server with cluster: in config.yaml or --cluster) places here.")
        {
            cluster, maxAgents, labels, secretEnv, name, listen, advertise, siloPort, gatewayPort, workDirectory, logLevel, logDirectory,
        };
        command.SetAction((result, cancellationToken) =>
        {
            var line = new WorkerCommandLine(
                result.GetValue(cluster)!,
                result.GetValue(maxAgents),
                (result.GetValue(labels) ?? []).Select(l => l.Split('=', 2)).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal),
                result.GetValue(secretEnv)!,
                result.GetValue(name),
                IPAddress.Parse(result.GetValue(listen)!),
                result.GetValue(advertise) is { } a ? IPAddress.Parse(a) : null,
                result.GetValue(siloPort),
                result.GetValue(gatewayPort),
                result.GetValue(workDirectory) is { } dir ? Path.GetFullPath(dir) : null);
            var logging = new ServerSettings(null, Enum.Parse<LogLevel>(result.GetValue(logLevel)!, ignoreCase: true), Path.GetFullPath(result.GetValue(logDirectory)!));
            return ClusterMode.RunWorkerAsync(line, logging, cancellationToken);
        });
        return command;
    }
}
