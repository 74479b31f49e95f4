using Orchestrator.Core.Processes;

namespace Orchestrator.Core.Tests.Processes;

public sealed class ProcessTreeStopTests
{
    [Fact]
    public async Task A_child_that_ignores_signals_and_outlives_its_parent_is_killed_too()
    {
        var marker = "so-tree-" + Guid.NewGuid().ToString("N");
        // The parent exits on SIGINT; its background child ignores SIGINT and SIGTERM and would be orphaned.
        var spec = new ProcessSpec("sh", ["-c", "(trap '' INT TERM; exec sleep 300) & trap 'exit 0' INT; echo started; wait"], Path.GetTempPath())
        {
            Environment = new Dictionary<string, string?> { ["SO_TREE_MARKER"] = marker },
            Timeout = TimeSpan.FromSeconds(2),
            KillGracePeriod = TimeSpan.FromSeconds(1),
        };

        var result = await new ProcessRunner().RunAsync(spec, TestContext.Current.CancellationToken);

        Assert.Equal(ProcessExitKind.TimedOut, result.Kind);
        Assert.Empty(LiveProcessesWith(marker));
    }

    [Fact]
    public async Task Secret_looking_variables_are_masked_in_the_log_even_when_only_inherited_or_set()
    {
        var log = Path.Combine(Path.GetTempPath(), $"so-mask-{Guid.NewGuid():N}.log");
        var spec = new ProcessSpec("sh", ["-c", "echo \"a=$ACME_API_KEY b=$DEPLOY_TOKEN c=$PLAIN\""], Path.GetTempPath())
        {
            Environment = new Dictionary<string, string?> { ["ACME_API_KEY"] = "key-123456789", ["DEPLOY_TOKEN"] = "tok-987654321", ["PLAIN"] = "visible-value" },
            LogPath = log,
        };

        try
        {
            var result = await new ProcessRunner().RunAsync(spec, TestContext.Current.CancellationToken);

            Assert.True(result.Succeeded);
            Assert.Contains("a=*** b=*** c=visible-value", File.ReadAllText(log), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(log);
        }
    }

    private static List<int> LiveProcessesWith(string marker)
    {
        var found = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid))
            {
                continue;
            }

            try
            {
                if (File.ReadAllText(Path.Combine(directory, "environ")).Contains(marker, StringComparison.Ordinal)
                    && !File.ReadAllText(Path.Combine(directory, "stat")).Contains(") Z ", StringComparison.Ordinal))
                {
                    found.Add(pid);
                }
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return found;
    }
}
