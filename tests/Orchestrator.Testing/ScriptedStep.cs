using System.Text.Json;
using Orchestrator.Core.Agents.Answers;

namespace Orchestrator.Testing;

/// <summary>One scripted agent answer, with optional delay, cost and gate.</summary>
public sealed record ScriptedStep
{
    public ScriptedStepKind Kind { get; init; }

    /// <summary>The structured output for <see cref="ScriptedStepKind.Output"/>.</summary>
    public JsonElement? Output { get; init; }

    /// <summary>Raw text for <see cref="ScriptedStepKind.Garbage"/>, or the failure reason for <see cref="ScriptedStepKind.Fail"/>.</summary>
    public string? Text { get; init; }

    /// <summary>Waited for (honouring cancellation) before answering.</summary>
    public TimeSpan? Delay { get; init; }

    /// <summary>Overrides the runner's cost per call.</summary>
    public decimal? Cost { get; init; }

    /// <summary>Awaited (honouring cancellation) before answering: lets a test hold an agent mid-run.</summary>
    public Task? Gate { get; init; }

    /// <summary>Executor: status "done".</summary>
    public static ScriptedStep Done(string summary = "done", params string[] filesChanged) =>
        Json(new { status = "done", summary, filesChanged });

    /// <summary>Executor: status "done" with a tests claim.</summary>
    public static ScriptedStep DoneWithTests(bool testsPassed, string summary = "done") =>
        Json(new { status = "done", summary, testsPassed });

    /// <summary>Executor: status "blocked".</summary>
    public static ScriptedStep Blocked(string blocker, string summary = "could not finish") =>
        Json(new { status = "blocked", summary, blocker });

    /// <summary>Reviewer: these findings.</summary>
    public static ScriptedStep Findings(params ReviewFinding[] findings) =>
        Json(new { findings = findings.Select(f => JsonSerializer.SerializeToElement(f, TestJson.Options)).ToList() });

    /// <summary>Reviewer: no findings.</summary>
    public static ScriptedStep Clean() => Json(new { findings = Array.Empty<object>() });

    /// <summary>Any object as structured output.</summary>
    public static ScriptedStep Json(object value) =>
        new() { Kind = ScriptedStepKind.Output, Output = JsonSerializer.SerializeToElement(value, TestJson.Options) };

    /// <summary>Raw JSON text as structured output (may be any shape).</summary>
    public static ScriptedStep RawJson(string json)
    {
        using var document = JsonDocument.Parse(json);
        return new() { Kind = ScriptedStepKind.Output, Output = document.RootElement.Clone() };
    }

    /// <summary>Unparsable text.</summary>
    public static ScriptedStep Garbage(string text = "I fixed it! {not json") => new() { Kind = ScriptedStepKind.Garbage, Text = text };

    /// <summary>A runner-level failure.</summary>
    public static ScriptedStep Fail(string reason) => new() { Kind = ScriptedStepKind.Fail, Text = reason };

    /// <summary>Hangs until cancelled.</summary>
    public static ScriptedStep Hang() => new() { Kind = ScriptedStepKind.Hang };

    /// <summary>Hangs forever, ignoring cancellation.</summary>
    public static ScriptedStep HangIgnoringCancellation() => new() { Kind = ScriptedStepKind.HangIgnoringCancellation };

    /// <summary>Throws from the runner.</summary>
    public static ScriptedStep Throw(string message) => new() { Kind = ScriptedStepKind.Throw, Text = message };

    /// <summary>This step after waiting <paramref name="delay"/>.</summary>
    public ScriptedStep After(TimeSpan delay) => this with { Delay = delay };

    /// <summary>This step after <paramref name="gate"/> completes.</summary>
    public ScriptedStep After(Task gate) => this with { Gate = gate };

    /// <summary>This step at this cost.</summary>
    public ScriptedStep Costing(decimal costUsd) => this with { Cost = costUsd };
}
