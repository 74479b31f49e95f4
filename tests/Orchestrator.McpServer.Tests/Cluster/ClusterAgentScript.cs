namespace Orchestrator.McpServer.Tests.Cluster;

/// <summary>
/// A command-runner agent for the cluster tests (<c>sh -c</c>): an executor logs its chunk's file to a log shared by
/// every worker, sleeps, writes the file; a reviewer finds nothing. The log says which agents started, and how often.
/// </summary>
internal static class ClusterAgentScript
{
    /// <summary>The runner's args; <paramref name="sleep"/> is the shell step between logging and writing (<c>$f</c> is the file).</summary>
    public static string[] Args(string log, string sleep) =>
    [
        "-c",
        "if grep -q '\"findings\"' \"$2\"; then printf '{\"findings\":[]}'; exit 0; fi; " +
        "f=$(grep -o 'src/chunk-[0-9]*\\.txt' \"$1\" | head -n 1); echo \"$f\" >> \"$3\"; " +
        sleep + "; " +
        "mkdir -p \"$(dirname \"$f\")\"; echo \"content of $f\" > \"$f\"; " +
        "printf '{\"status\":\"done\",\"summary\":\"wrote %s\",\"filesChanged\":[\"%s\"]}' \"$f\" \"$f\"",
        "agent",
        "{prompt_file}",
        "{schema_file}",
        log,
    ];

    /// <summary>The files of the executors that started, one line each.</summary>
    public static List<string> Started(string log) => File.Exists(log) ? [.. File.ReadAllLines(log).Where(l => l.Length > 0)] : [];

    public static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting");
            await Task.Delay(200, cancellationToken);
        }
    }
}
