using System.Diagnostics;

namespace Orchestrator.McpServer.Tests.Harness;

/// <summary>
/// The MCP Inspector CLI (installed with Node 22 into .tools/inspector by .ci/install-tools.sh), a third-party client:
/// runs one <c>--cli</c> invocation and returns its JSON output.
/// </summary>
internal static class InspectorCli
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(90);

    private static string BinDirectory => Path.Combine(ServerExecutable.RepositoryRoot, ".tools", "inspector", "node_modules", ".bin");

    /// <summary>Runs <c>mcp-inspector --cli</c> with <paramref name="arguments"/>; a non-zero exit fails the test with its stderr.</summary>
    public static async Task<string> RunAsync(IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var inspector = Path.Combine(BinDirectory, "mcp-inspector");
        Assert.True(File.Exists(inspector),
            $"The MCP Inspector is not installed at {inspector}. Run `bash .ci/install-tools.sh` (it installs Node 22 and the inspector locally), then rerun the tests.");
        var info = new ProcessStartInfo(inspector) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        info.ArgumentList.Add("--cli");
        // The Inspector gives a server 15 s to connect by default; a CI machine shared with other builds can take longer
        // to start one (seen at load average 100), which is not what these tests check.
        info.ArgumentList.Add("--connect-timeout");
        info.ArgumentList.Add("120000");
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        // The inspector needs Node >= 22; the local node@22 package sits in the same .bin folder.
        info.Environment["PATH"] = BinDirectory + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH");
        using var process = Process.Start(info)!;
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Limit);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            // Do not leave a hung inspector (and the server it started) behind.
            process.Kill(entireProcessTree: true);
            throw;
        }

        Assert.True(process.ExitCode == 0, $"inspector exited {process.ExitCode}: {await error}");
        return await output;
    }
}
