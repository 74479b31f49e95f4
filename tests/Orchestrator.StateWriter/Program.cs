using Orchestrator.Core.Sessions;

// Usage: Orchestrator.StateWriter <sessions-dir> <session-id>
// Alternates between two large versions of the same session's STATE.md as fast as it can; prints "ready" after the
// first write so the test knows a file exists. The test kills it with SIGKILL mid-stream and checks the file.
var store = new SessionStore(args[0]);
var padding = new string('x', 256 * 1024);
var baseState = new SessionState
{
    Branch = "wip-crash-test",
    StartedAt = DateTimeOffset.UtcNow,
    Session = args[1],
    Description = "crash test",
    ProjectRoot = "/repo",
    WorkTree = "/repo",
};
Directory.CreateDirectory(store.SessionDirectory(args[1]));
for (var i = 0L; ; i++)
{
    var version = i % 2 == 0 ? "A" : "B";
    await store.SaveAsync(baseState with { CurrentWave = (int)(i % 1000), Body = $"version {version}\n{padding}\nend {version}\n" }, CancellationToken.None);
    if (i == 0)
    {
        Console.WriteLine("ready");
    }
}
