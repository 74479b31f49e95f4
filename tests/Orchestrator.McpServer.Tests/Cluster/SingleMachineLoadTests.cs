using Orchestrator.McpServer.Tests.Detached;
using Orchestrator.McpServer.Tests.Harness;
using Orchestrator.Testing;

namespace Orchestrator.McpServer.Tests.Cluster;

/// <summary>The single-machine mode does not pay for the cluster: a server started without cluster config maps no Orleans engine, Redis or cluster assembly.</summary>
public sealed class SingleMachineLoadTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_server_without_cluster_config_never_loads_the_cluster_assemblies()
    {
        using var repo = TempGitRepository.Create();
        await using var client = await StdioMcpServer.ConnectAsync("2025-11-25", repo.Root, Ct);
        // Past start-up: the tool list and a session (the phase services, the runner factory) are built.
        await client.ListToolsAsync(cancellationToken: Ct);
        var started = await client.CallOkAsync("session_start", new() { ["description"] = "Add a greeting module", ["project_root"] = repo.Root, ["new"] = true }, Ct);
        await client.CallOkAsync("session_status", new() { ["session_id"] = started.GetProperty("session_id").GetString(), ["project_root"] = repo.Root }, Ct);

        var pid = Assert.Single(ProcFs.WithArguments(ServerExecutable.DllPath, "--project", repo.Root));
        // Managed assemblies are mapped from their files, so /proc/PID/maps lists every one the runtime loaded.
        var mapped = File.ReadAllLines($"/proc/{pid}/maps").Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(fields => fields.Length >= 6).Select(fields => Path.GetFileName(fields[^1])).Where(name => name.EndsWith(".dll", StringComparison.Ordinal))
            .Distinct(StringComparer.Ordinal).ToList();

        Assert.Contains("Orchestrator.Core.dll", mapped);
        // No Orleans assembly at all, not even Orleans.Serialization's metadata: the code generator runs only in the
        // cluster project (Directory.Build.targets), so the server's own assembly attributes name nothing of Orleans.
        Assert.DoesNotContain(mapped, name => name.StartsWith("Orleans", StringComparison.Ordinal) || name.StartsWith("Microsoft.Orleans", StringComparison.Ordinal));
        Assert.DoesNotContain("Orchestrator.Cluster.dll", mapped);
        Assert.DoesNotContain("StackExchange.Redis.dll", mapped);
    }
}
