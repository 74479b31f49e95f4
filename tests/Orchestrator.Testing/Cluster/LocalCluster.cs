using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Orchestrator.Testing.Cluster;

/// <summary>
/// A cluster on loopback for tests and the benchmark: <c>redis-server</c> on a free port (no persistence) and worker
/// processes (<c>dotnet Orchestrator.McpServer.dll worker ...</c>), each killed on dispose. Every process it starts it
/// stops; nothing listens beyond 127.0.0.1.
/// </summary>
public sealed class LocalCluster : IAsyncDisposable
{
    private readonly List<Process> _processes = [];
    private readonly string _serverDll;

    private LocalCluster(string serverDll, string directory, int redisPort, string secret)
    {
        _serverDll = serverDll;
        Directory = directory;
        RedisPort = redisPort;
        Secret = secret;
    }

    /// <summary>The membership URL workers and the coordinator use.</summary>
    public string Membership => $"redis://127.0.0.1:{RedisPort}";

    public int RedisPort { get; }

    /// <summary>The shared secret the workers got through <c>ORCHESTRATOR_CLUSTER_SECRET</c>.</summary>
    public string Secret { get; }

    /// <summary>Scratch folder: worker work dirs and logs.</summary>
    public string Directory { get; }

    /// <summary>The worker processes by name.</summary>
    public Dictionary<string, Process> Workers { get; } = new(StringComparer.Ordinal);

    /// <summary>Starts redis-server on a free loopback port.</summary>
    public static async Task<LocalCluster> StartAsync(string serverDll, CancellationToken cancellationToken)
    {
        var directory = Path.Combine(Path.GetTempPath(), "so-cluster-" + Guid.NewGuid().ToString("N")[..8]);
        System.IO.Directory.CreateDirectory(directory);
        var port = FreePort();
        var cluster = new LocalCluster(serverDll, directory, port, "test-secret-" + Guid.NewGuid().ToString("N"));
        var redis = cluster.Start("redis-server", ["--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], null, "redis");
        await WaitForPortAsync(port, redis, TimeSpan.FromSeconds(20), cancellationToken).ConfigureAwait(false);
        return cluster;
    }

    /// <summary>Starts a worker and waits until it has joined (its "joined" line on stdout).</summary>
    public async Task<Process> StartWorkerAsync(string name, int maxAgents, TimeSpan joinTimeout, CancellationToken cancellationToken)
    {
        var joined = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = Start("dotnet",
            [_serverDll, "worker", "--cluster", Membership, "--max-agents", maxAgents.ToString(System.Globalization.CultureInfo.InvariantCulture), "--name", name,
             "--label", "os=linux", "--work-dir", Path.Combine(Directory, name), "--log-dir", Path.Combine(Directory, "logs-" + name), "--log-level", "warning"],
            line =>
            {
                if (line.Contains("joined", StringComparison.Ordinal))
                {
                    joined.TrySetResult();
                }
            },
            name);
        Workers[name] = process;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(joinTimeout);
        await joined.Task.WaitAsync(timeout.Token).ConfigureAwait(false);
        return process;
    }

    /// <summary>Kills a worker at once (SIGKILL: no goodbye to the cluster).</summary>
    public void Kill(string name) => Workers[name].Kill(entireProcessTree: true);

    private Process Start(string fileName, IReadOnlyList<string> arguments, Action<string>? onLine, string logName)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["ORCHESTRATOR_CLUSTER_SECRET"] = Secret;
        var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {fileName}");
        _processes.Add(process);
        var log = Path.Combine(Directory, logName + ".out");
        var gate = new Lock();
        void Append(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (gate)
            {
                File.AppendAllText(log, line + Environment.NewLine);
            }

            onLine?.Invoke(line);
        }

        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task WaitForPortAsync(int port, Process process, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"redis-server exited with {process.ExitCode}");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100, cancellationToken).ConfigureAwait(false);
            }
        }

        throw new TimeoutException($"redis-server did not listen on {port}");
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes)
        {
            try
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                    await process.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or System.ComponentModel.Win32Exception)
            {
                // Already gone.
            }

            process.Dispose();
        }

        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A worker's file still open: the temp folder is left behind.
        }
    }
}
