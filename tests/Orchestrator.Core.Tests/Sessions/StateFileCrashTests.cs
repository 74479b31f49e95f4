using System.Diagnostics;
using Orchestrator.Core.Sessions;

namespace Orchestrator.Core.Tests.Sessions;

public sealed class StateFileCrashTests
{
    [Fact]
    public async Task Kill_9_between_writes_never_leaves_a_truncated_state_file()
    {
        var ct = TestContext.Current.CancellationToken;
        var sessions = Directory.CreateTempSubdirectory("orch-crash-").FullName;
        const string sessionId = "20261121-000000-crash-test-0000";
        var writer = Path.Combine(AppContext.BaseDirectory, "Orchestrator.StateWriter.dll");
        var random = new Random(20261121);
        var versionsSeen = new HashSet<string>();
        try
        {
            for (var round = 0; round < 15; round++)
            {
                var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardInput = true, UseShellExecute = false };
                info.ArgumentList.Add(writer);
                info.ArgumentList.Add(sessions);
                info.ArgumentList.Add(sessionId);
                using var process = Process.Start(info)!;
                process.StandardInput.Close();
                Assert.Equal("ready", await process.StandardOutput.ReadLineAsync(ct));
                await Task.Delay(random.Next(1, 80), ct);
                process.Kill(); // SIGKILL: no finally blocks, no flushes, exactly like kill -9
                await process.WaitForExitAsync(ct);

                var path = Path.Combine(sessions, sessionId, "STATE.md");
                var parsed = StateFileSerializer.Parse(await File.ReadAllTextAsync(path, ct), path);
                Assert.True(parsed.Succeeded, $"round {round}: {parsed.Error?.Message}");
                var body = parsed.Value.Body;
                var version = body[..9];
                Assert.True(version is "version A" or "version B", $"round {round}: body starts with '{version}'");
                Assert.EndsWith($"end {version[^1]}\n", body);
                versionsSeen.Add(version);
            }

            Assert.Equal(2, versionsSeen.Count);
        }
        finally
        {
            Directory.Delete(sessions, recursive: true);
        }
    }
}
