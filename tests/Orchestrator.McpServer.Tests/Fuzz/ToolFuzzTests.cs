using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using Orchestrator.McpServer.Tests.Harness;
using Orchestrator.Testing;

namespace Orchestrator.McpServer.Tests.Fuzz;

/// <summary>
/// Bad inputs for every tool over the real protocol (the SDK client over in-memory pipes), with a fixed seed and a
/// bounded count. Asserts: no crash (the server answers after every input), no hang (each call within its timeout),
/// every refusal names the argument (never "An error occurred", never a server bug), an argument the SDK binds
/// (missing, wrong JSON type) is refused naming that very argument, a malformed request gets -32602 naming the field,
/// every bad plan is refused, error texts stay short, and nothing is written outside the temp repository (a canary
/// watches the folder around it). The counts go to the test output and, when FUZZ_REPORT names a file, to that file
/// (docs/reliability.md quotes them). Speed is not asserted (a loaded machine would make that flake): each call has a
/// generous hang guard, and the run's wall time is reported, not checked.
/// </summary>
public sealed class ToolFuzzTests
{
    public const int Seed = 20261121;

    // A hang guard, not a speed target: the slowest input takes about a second on an idle machine.
    private static readonly TimeSpan CallTimeout = TimeSpan.FromMinutes(2);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Bad_inputs_for_every_tool_are_refused_by_name_without_crash_hang_or_writes_outside()
    {
        var watch = Stopwatch.StartNew();
        using var repo = TempGitRepository.Create();
        File.AppendAllText(Path.Combine(repo.Root, ".git", "info", "exclude"), "/.orchestrator/\n");
        // Phase agents, should any input start one, fail at once instead of calling a model.
        repo.WriteFile(".orchestrator/config.yaml", "default_runner: command\nrunners:\n  command:\n    executable: sh\n    args: [\"-c\", \"echo no-answer\"]\n");
        var outside = Path.Combine(Path.GetDirectoryName(repo.Root)!, "outside-target", "pwn");
        var canary = CanaryFolder.Around(repo);
        await using var server = await InMemoryMcpServer.StartAsync("2025-11-25", projectDirectory: repo.Root, cancellationToken: Ct);
        var client = server.Client;
        var sessionId = await PhaseFlow.StartSessionAsync(client, repo.Root, Ct);
        await client.CallOkAsync("spec", new() { ["session_id"] = sessionId, ["findings"] = "Code goes in src/." }, Ct);
        await client.CallOkAsync("plan", new() { ["session_id"] = sessionId, ["plan"] = "# Plan\nAdd the files." }, Ct);
        await client.CallOkAsync("approve", new() { ["session_id"] = sessionId, ["gate"] = "plan", ["decision"] = "approve" }, Ct);
        var tools = await client.ListToolsAsync(cancellationToken: Ct);
        var generator = new BadInputGenerator(Seed);
        var inputs = tools
            .SelectMany(t => generator.For(t.Name, JsonNode.Parse(t.ProtocolTool.InputSchema.GetRawText())!.AsObject(), outside))
            .Concat(PlanShapes.For(sessionId, outside))
            .Concat(RequestShapes.For(tools.Select(t => t.Name)))
            .ToList();

        var outcomes = new List<FuzzOutcome>();
        foreach (var input in inputs)
        {
            var started = Stopwatch.GetTimestamp();
            outcomes.Add(await CallAsync(server, input) with { Elapsed = Stopwatch.GetElapsedTime(started) });
        }

        var stillAnswers = await client.ListToolsAsync(cancellationToken: Ct);
        var status = await client.CallOkAsync("session_status", new() { ["session_id"] = sessionId }, Ct);
        var elapsed = watch.Elapsed;
        var report = Report(outcomes, elapsed);
        TestContext.Current.TestOutputHelper?.WriteLine(report);
        if (Environment.GetEnvironmentVariable("FUZZ_REPORT") is { Length: > 0 } reportFile)
        {
            File.WriteAllText(reportFile, report);
        }

        Assert.Equal(tools.Count, stillAnswers.Count);
        Assert.Equal(sessionId, status.GetProperty("session_id").GetString());
        Assert.All(tools, t => Assert.Contains(outcomes, o => o.Input.Tool == t.Name));
        Assert.Empty(outcomes.Where(o => o.Result == FuzzResult.Hang).Select(Describe));
        Assert.Empty(outcomes.Where(o => o.Result == FuzzResult.Crash).Select(Describe));
        Assert.Empty(outcomes.Where(o => o.Vague).Select(Describe));
        Assert.Empty(outcomes.Where(o => o.Text.Contains("An error occurred", StringComparison.OrdinalIgnoreCase)).Select(Describe));
        Assert.Empty(outcomes.Where(o => Unmet(o) is not null).Select(o => Unmet(o) + ": " + Describe(o)));
        Assert.Contains(outcomes, o => o.Input.Expect == FuzzExpectation.RefusedNamingTheArgument && o.Input.Kind == "missing");
        Assert.Contains(outcomes, o => o.Input.Expect == FuzzExpectation.RefusedNamingTheArgument && o.Input.Kind == "number");
        Assert.Contains(outcomes, o => o.Input.Expect == FuzzExpectation.InvalidParamsNamingTheField && o.Input.Argument == "arguments");
        Assert.Empty(outcomes.Where(o => o.Result != FuzzResult.Accepted && o.Text.Length > 5_000).Select(Describe));
        Assert.Empty(canary.Changes());
    }

    /// <summary>Null when the answer is what the input's expectation asks for; else what was expected.</summary>
    private static string? Unmet(FuzzOutcome outcome) => outcome.Input.Expect switch
    {
        FuzzExpectation.Refused when outcome.Result != FuzzResult.Refused => "expected a tool error",
        FuzzExpectation.RefusedNamingTheArgument when outcome.Result != FuzzResult.Refused
            || !outcome.Text.Contains("`" + outcome.Input.Argument, StringComparison.Ordinal) => $"expected a tool error naming `{outcome.Input.Argument}`",
        FuzzExpectation.InvalidParamsNamingTheField when outcome.Result != FuzzResult.InvalidParams
            || !outcome.Text.Contains(outcome.Input.Argument, StringComparison.Ordinal) => $"expected -32602 naming {outcome.Input.Argument}",
        _ => null,
    };

    private static async Task<FuzzOutcome> CallAsync(InMemoryMcpServer server, FuzzInput input)
    {
        var parameters = input.RawParams ? input.Params?.DeepClone() : new JsonObject { ["name"] = input.Tool, ["arguments"] = input.Arguments?.DeepClone() };
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(CallTimeout);
        try
        {
            var response = await server.Client.SendRequestAsync(new JsonRpcRequest { Method = RequestMethods.ToolsCall, Params = parameters }, timeout.Token);
            var result = JsonSerializer.Deserialize<CallToolResult>(response.Result!.ToJsonString(), McpJsonUtilities.DefaultOptions)!;
            var text = string.Join("\n", result.Content.OfType<TextContentBlock>().Select(t => t.Text));
            return new FuzzOutcome(input, result.IsError is true ? FuzzResult.Refused : FuzzResult.Accepted, text);
        }
        catch (McpProtocolException ex) when (ex.ErrorCode == McpErrorCode.InvalidParams)
        {
            return new FuzzOutcome(input, FuzzResult.InvalidParams, ex.Message);
        }
        catch (McpProtocolException ex)
        {
            return new FuzzOutcome(input, FuzzResult.Crash, $"{ex.ErrorCode}: {ex.Message}");
        }
        catch (OperationCanceledException) when (!Ct.IsCancellationRequested)
        {
            return new FuzzOutcome(input, FuzzResult.Hang, $"no answer within {CallTimeout.TotalSeconds} s");
        }
    }

    private static string Describe(FuzzOutcome outcome) =>
        $"{outcome.Input.Tool} {outcome.Input.Argument} ({outcome.Input.Kind}) -> {outcome.Result}: {outcome.Text[..Math.Min(300, outcome.Text.Length)]}";

    private static string Report(List<FuzzOutcome> outcomes, TimeSpan elapsed)
    {
        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"seed {Seed}: {outcomes.Count} inputs in {elapsed.TotalSeconds:F1} s");
        report.AppendLine("| tool | inputs | refused | invalid params (-32602) | accepted | vague | hangs | crashes |");
        report.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var tool in outcomes.GroupBy(o => o.Input.Tool).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            report.AppendLine(CultureInfo.InvariantCulture,
                $"| `{tool.Key}` | {tool.Count()} | {tool.Count(o => o.Result == FuzzResult.Refused)} | {tool.Count(o => o.Result == FuzzResult.InvalidParams)} | " +
                $"{tool.Count(o => o.Result == FuzzResult.Accepted)} | {tool.Count(o => o.Vague)} | {tool.Count(o => o.Result == FuzzResult.Hang)} | {tool.Count(o => o.Result == FuzzResult.Crash)} |");
        }

        report.AppendLine(CultureInfo.InvariantCulture,
            $"| all | {outcomes.Count} | {outcomes.Count(o => o.Result == FuzzResult.Refused)} | {outcomes.Count(o => o.Result == FuzzResult.InvalidParams)} | " +
            $"{outcomes.Count(o => o.Result == FuzzResult.Accepted)} | {outcomes.Count(o => o.Vague)} | {outcomes.Count(o => o.Result == FuzzResult.Hang)} | {outcomes.Count(o => o.Result == FuzzResult.Crash)} |");
        var bound = outcomes.Where(o => o.Input.Expect == FuzzExpectation.RefusedNamingTheArgument).ToList();
        var malformed = outcomes.Where(o => o.Input.Expect == FuzzExpectation.InvalidParamsNamingTheField).ToList();
        var plans = outcomes.Where(o => o.Input.Expect == FuzzExpectation.Refused).ToList();
        report.AppendLine(CultureInfo.InvariantCulture, $"arguments the SDK binds, missing or of the wrong JSON type: {bound.Count}, refused naming that argument: {bound.Count(o => Unmet(o) is null)}");
        report.AppendLine(CultureInfo.InvariantCulture, $"malformed requests (params, name, arguments not an object, unknown tool): {malformed.Count}, -32602 naming the field: {malformed.Count(o => Unmet(o) is null)}");
        report.AppendLine(CultureInfo.InvariantCulture, $"bad plans for divide: {plans.Count}, refused: {plans.Count(o => Unmet(o) is null)}");
        report.AppendLine(CultureInfo.InvariantCulture, $"texts holding \"An error occurred\": {outcomes.Count(o => o.Text.Contains("An error occurred", StringComparison.OrdinalIgnoreCase))}");
        report.AppendLine(CultureInfo.InvariantCulture, $"longest error text: {outcomes.Where(o => o.Result != FuzzResult.Accepted).Max(o => o.Text.Length)} characters");
        foreach (var slow in outcomes.OrderByDescending(o => o.Elapsed).Take(5))
        {
            report.AppendLine(CultureInfo.InvariantCulture, $"slowest: {slow.Elapsed.TotalMilliseconds:F0} ms {slow.Input.Tool} {slow.Input.Argument} ({slow.Input.Kind})");
        }

        foreach (var vague in outcomes.Where(o => o.Vague).Take(40))
        {
            report.AppendLine("vague: " + Describe(vague));
        }

        foreach (var unmet in outcomes.Where(o => Unmet(o) is not null).Take(40))
        {
            report.AppendLine("unmet: " + Unmet(unmet) + ": " + Describe(unmet));
        }

        return report.ToString();
    }
}
