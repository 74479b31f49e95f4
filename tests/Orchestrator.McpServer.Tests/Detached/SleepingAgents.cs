using System.Text.Json;

namespace Orchestrator.McpServer.Tests.Detached;

/// <summary>
/// Real agent processes for detached-run tests: the command runner starts a shell script that logs each invocation
/// (role, chunk, its pid) to a file, sleeps (a child process, so a dead worker's agents are a tree to clean up), writes
/// the chunk's file and answers. A chunk's sleep is read from <c>sleep-&lt;chunk&gt;</c> at each start, so a test can
/// shorten the retry of an interrupted attempt; <c>hold-&lt;chunk&gt;</c> keeps it running until the test releases it.
/// </summary>
internal sealed class SleepingAgents
{
    private readonly string directory;

    private SleepingAgents(string directory)
    {
        this.directory = directory;
    }

    public string LogPath => Path.Combine(directory, "invocations.log");

    /// <summary>Writes the script beside the repository and a config.yaml that makes it the default runner.</summary>
    public static SleepingAgents Install(string repositoryRoot, int defaultSleepSeconds)
    {
        var directory = repositoryRoot + "-agents";
        Directory.CreateDirectory(directory);
        var agents = new SleepingAgents(directory);
        var script = Path.Combine(directory, "agent.sh");
        File.WriteAllText(script, $$"""
            #!/bin/sh
            prompt="$1"; cwd="$2"; dir='{{directory}}'
            chunk=$(sed -n 's/^## Your chunk: //p' "$prompt" | head -n 1)
            if [ -n "$chunk" ]; then
              echo "start executor $chunk $$" >> "$dir/invocations.log"
              seconds={{defaultSleepSeconds}}
              [ -f "$dir/sleep-$chunk" ] && seconds=$(cat "$dir/sleep-$chunk")
              sleep "$seconds"
              while [ -f "$dir/hold-$chunk" ]; do sleep 0.2; done
              mkdir -p "$cwd/src" && echo "$chunk" > "$cwd/src/$chunk.txt"
              echo "end executor $chunk $$" >> "$dir/invocations.log"
              printf '{"status":"done","summary":"did %s","filesChanged":["src/%s.txt"]}\n' "$chunk" "$chunk"
            else
              echo "review - $$" >> "$dir/invocations.log"
              printf '{"findings":[]}\n'
            fi
            """.Replace("\r", "", StringComparison.Ordinal));
        var orchestrator = Path.Combine(repositoryRoot, ".orchestrator");
        Directory.CreateDirectory(orchestrator);
        File.WriteAllText(Path.Combine(orchestrator, "config.yaml"), $$"""
            default_runner: command
            runners:
              command:
                executable: /bin/sh
                args: ["{{script}}", "{prompt_file}", "{cwd}"]
            """);
        return agents;
    }

    /// <summary>Holds <paramref name="chunkId"/>'s executor after its sleep until <see cref="Release"/>, so a test decides when it ends.</summary>
    public void Hold(string chunkId) => File.WriteAllText(Path.Combine(directory, "hold-" + chunkId), "");

    public void Release(string chunkId) => File.Delete(Path.Combine(directory, "hold-" + chunkId));

    public void SetSleep(string chunkId, int seconds) => File.WriteAllText(Path.Combine(directory, "sleep-" + chunkId), seconds.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>The log's lines, each split into (event, chunk, pid).</summary>
    public IReadOnlyList<(string Event, string Chunk, int Pid)> Invocations() =>
        File.Exists(LogPath)
            ? File.ReadAllLines(LogPath).Select(l => l.Split(' ')).Where(p => p.Length == 4)
                .Select(p => ($"{p[0]} {p[1]}", p[2], int.Parse(p[3], System.Globalization.CultureInfo.InvariantCulture))).ToList()
            : [];

    public int Count(string @event, string chunkId) => Invocations().Count(i => i.Event == @event && i.Chunk == chunkId);

    public async Task WaitUntilAsync(Func<SleepingAgents, bool> condition, TimeSpan limit, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + limit;
        while (!condition(this))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("agents never reached the expected state; log:\n" + (File.Exists(LogPath) ? File.ReadAllText(LogPath) : "(none)"));
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    public static JsonElement Chunks(params string[] ids) => JsonSerializer.SerializeToElement(
        ids.Select(id => new { id, scope = "add " + id, files = new[] { $"src/{id}.txt" }, model = "haiku", tests = false }).ToArray());
}
