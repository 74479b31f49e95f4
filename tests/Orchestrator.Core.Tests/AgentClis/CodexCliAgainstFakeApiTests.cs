using System.Text.Json;
using System.Text.Json.Nodes;
using Orchestrator.Testing.FakeModelApis;
using Orchestrator.Testing;

namespace Orchestrator.Core.Tests.AgentClis;

/// <summary>
/// The real <c>codex exec</c> (0.169.0) against <see cref="FakeOpenAiResponsesApi"/>: proves the fake speaks the
/// Responses wire format Codex accepts and pins down what the Codex runner relies on (JSONL events, usage,
/// <c>--output-schema</c> final message, apply_patch and shell tool calls, API errors).
/// </summary>
public sealed class CodexCliAgainstFakeApiTests : IDisposable
{
    private static readonly TimeSpan ProcessTimeout = TimeSpan.FromSeconds(45);

    private readonly string _schemaFile = Path.Combine(Path.GetTempPath(), $"executor-schema-{Guid.NewGuid():N}.json");

    public CodexCliAgainstFakeApiTests() => File.WriteAllText(_schemaFile, ExecutorSchema.Json);

    public void Dispose() => File.Delete(_schemaFile);

    [Fact]
    public async Task Apply_patch_then_schema_message_creates_the_file_and_ends_with_the_structured_object()
    {
        await using var api = await StartApiAsync();
        await using var trap = AgentCliLoopback.StartTrap();
        using var repo = new AgentCliScratch();
        api.Script.Enqueue(
            FakeTurn.CodexAddFile("patched.txt", "line one\nline two\n"),
            FakeTurn.Json(new { status = "done", summary = "added patched.txt", filesChanged = new[] { "patched.txt" } }));

        var (run, events) = await RunCodexAsync(api, trap, repo, "gpt-5.5", "Add patched.txt [chunk:x1]");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("line one\nline two\n", File.ReadAllText(repo.PathOf("patched.txt")));
        var fileChange = Completed(events, "file_change").Single();
        Assert.Equal("add", (string?)fileChange["changes"]![0]!["kind"]);
        var final = JsonNode.Parse((string)Completed(events, "agent_message").Last()["text"]!)!;
        Assert.Equal("done", (string?)final["status"]);
        Assert.Equal("patched.txt", (string?)final["filesChanged"]![0]);
        var usage = events.Single(e => (string?)e["type"] == "turn.completed")["usage"]!;
        Assert.Equal(2 * FakeOpenAiResponsesApi.InputTokensPerTurn, (int)usage["input_tokens"]!);
        Assert.Equal(2 * FakeOpenAiResponsesApi.OutputTokensPerTurn, (int)usage["output_tokens"]!);
        Assert.NotNull((string?)events.First()["thread_id"]);

        // --output-schema travels as text.format (strict json_schema named codex_output_schema) on every request.
        var first = api.ResponseRequests[0];
        var format = first.Body!["text"]!["format"]!;
        Assert.Equal("json_schema", (string?)format["type"]);
        Assert.Equal("codex_output_schema", (string?)format["name"]);
        Assert.True((bool)format["strict"]!);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(ExecutorSchema.Json), format["schema"]));
        Assert.Contains("apply_patch", first.ToolNames);
        Assert.Contains("exec_command", first.ToolNames);
        // The patch result comes back as custom_tool_call_output on the next request.
        var outputs = api.ResponseRequests[1].Body!["input"]!.AsArray().Where(item => (string?)item!["type"] == "custom_tool_call_output").ToList();
        Assert.Single(outputs);
        AgentCliLoopback.AssertStayedOnLoopback(api.UnexpectedRequests, trap, run);
        Assert.Equal(0, api.Script.RemainingTurns);
    }

    [Fact]
    public async Task Exec_command_runs_a_shell_command_in_the_work_tree()
    {
        await using var api = await StartApiAsync();
        await using var trap = AgentCliLoopback.StartTrap();
        using var repo = new AgentCliScratch();
        api.Script.Enqueue(
            FakeTurn.CodexExecCommand("echo hello-from-codex > shell.txt"),
            FakeTurn.Json(new { status = "done", summary = "ran echo" }));

        var (run, events) = await RunCodexAsync(api, trap, repo, "gpt-5.5", "Run a command [chunk:x2]");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("hello-from-codex\n", File.ReadAllText(repo.PathOf("shell.txt")));
        var command = Completed(events, "command_execution").Single();
        Assert.Equal(0, (int?)command["exit_code"]);
        Assert.Contains("echo hello-from-codex", (string?)command["command"] ?? "", StringComparison.Ordinal);
        var outputs = api.ResponseRequests[1].Body!["input"]!.AsArray().Where(item => (string?)item!["type"] == "function_call_output").ToList();
        Assert.Single(outputs);
        AgentCliLoopback.AssertStayedOnLoopback(api.UnexpectedRequests, trap, run);
    }

    [Fact]
    public async Task Final_message_is_not_validated_against_the_output_schema()
    {
        await using var api = await StartApiAsync();
        await using var trap = AgentCliLoopback.StartTrap();
        using var repo = new AgentCliScratch();
        api.Script.Enqueue(FakeTurn.Text("this is not json"));

        var (run, events) = await RunCodexAsync(api, trap, repo, "gpt-5.5", "Report [chunk:x5]");

        // Codex trusts the API's strict json_schema mode; the runner has to parse and validate the text itself.
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("this is not json", (string?)Completed(events, "agent_message").Single()["text"]);
        Assert.Contains(events, e => (string?)e["type"] == "turn.completed");
        AgentCliLoopback.AssertStayedOnLoopback(api.UnexpectedRequests, trap, run);
    }

    [Fact]
    public async Task Api_error_fails_the_turn_and_exits_one()
    {
        await using var api = await StartApiAsync();
        await using var trap = AgentCliLoopback.StartTrap();
        using var repo = new AgentCliScratch();
        api.Script.Enqueue(FakeTurn.HttpError(500, "scripted failure"));

        var (run, events) = await RunCodexAsync(api, trap, repo, "gpt-5.5", "Anything [chunk:x3]");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains(events, e => (string?)e["type"] == "turn.failed");
        Assert.DoesNotContain(events, e => (string?)e["type"] == "turn.completed");
        Assert.Empty(api.UnexpectedRequests);
        Assert.Empty(trap.Attempts);
    }

    [Fact]
    public async Task Unknown_model_name_reports_missing_metadata_and_offers_no_apply_patch()
    {
        await using var api = await StartApiAsync();
        await using var trap = AgentCliLoopback.StartTrap();
        using var repo = new AgentCliScratch();
        api.Script.Enqueue(FakeTurn.Json(new { status = "blocked", summary = "nothing to do", blocker = "none" }));

        var (run, events) = await RunCodexAsync(api, trap, repo, "gpt-fake", "Anything [chunk:x4]");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains(Completed(events, "error"), item => ((string?)item["message"] ?? "").Contains("Model metadata", StringComparison.Ordinal));
        Assert.DoesNotContain("apply_patch", api.ResponseRequests[0].ToolNames);
        AgentCliLoopback.AssertStayedOnLoopback(api.UnexpectedRequests, trap, run);
    }

    private static async Task<FakeOpenAiResponsesApi> StartApiAsync()
    {
        var api = new FakeOpenAiResponsesApi();
        await api.StartAsync(TestContext.Current.CancellationToken);
        return api;
    }


    private async Task<(CliProcessResult Run, List<JsonObject> Events)> RunCodexAsync(
        FakeOpenAiResponsesApi api, OutboundTrafficTrap trap, AgentCliScratch repo, string model, string prompt)
    {
        var binaries = AgentCliBinaries.Locate();
        var environment = FakeAgentEnvironment.ForCodex(api.BaseUrl, repo.ConfigDirectory, trap.ProxyUrl);
        Assert.Empty(environment.NonLoopbackUrls());
        List<string> arguments =
        [
            "exec",
            "--json",
            "--output-schema", _schemaFile,
            "-s", "workspace-write",
            "--skip-git-repo-check",
            "-m", model,
            .. environment.Arguments,
            prompt,
        ];
        var run = await CliProcess.RunAsync(binaries.Codex, arguments, repo.WorkTree, environment, ProcessTimeout, TestContext.Current.CancellationToken);
        Assert.False(run.TimedOut, run.Describe());

        var events = new List<JsonObject>();
        foreach (var line in run.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            try
            {
                if (JsonNode.Parse(line) is JsonObject item)
                {
                    events.Add(item);
                }
            }
            catch (JsonException)
            {
                Assert.Fail($"stdout line is not JSON: {line}\n{run.Describe()}");
            }
        }

        Assert.True(events.Count > 0, run.Describe());
        return (run, events);
    }

    private static List<JsonObject> Completed(List<JsonObject> events, string itemType) =>
    [
        .. events
            .Where(e => (string?)e["type"] == "item.completed" && (string?)e["item"]?["type"] == itemType)
            .Select(e => e["item"]!.AsObject()),
    ];
}
