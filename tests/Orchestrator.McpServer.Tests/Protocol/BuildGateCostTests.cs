using System.Text.Json;
using ModelContextProtocol.Protocol;
using Orchestrator.McpServer.Tests.Harness;
using Orchestrator.Testing;

namespace Orchestrator.McpServer.Tests.Protocol;

/// <summary>
/// Cost before spend and the senior review at the build gate: divide returns the estimate and sets opusReview where
/// the advisor flags a chunk; the gate form shows both, and the user's choice of opus reviews is applied.
/// </summary>
public sealed class BuildGateCostTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static JsonElement AuthAndDocs() => JsonSerializer.SerializeToElement(new object[]
    {
        new { id = "login", scope = "check the password", files = new[] { "src/Auth/Login.cs" }, model = "sonnet" },
        new { id = "docs", scope = "describe it", files = new[] { "docs/usage.md" }, model = "haiku" },
    });

    [Fact]
    public async Task Divide_estimates_and_flags_and_the_build_gate_form_lets_the_user_turn_the_opus_review_off()
    {
        using var repo = TempGitRepository.Create();
        var asked = new List<ElicitRequestParams>();
        await using var server = await PhaseFlow.StartAsync("2025-11-25", new ScriptedEnvironmentFactory(PhaseFlow.ScriptedAgents()), Ct, options =>
        {
            options.Capabilities = new ClientCapabilities { Elicitation = new ElicitationCapability { Form = new() } };
            options.Handlers.ElicitationHandler = (request, _) =>
            {
                lock (asked)
                {
                    asked.Add(request!);
                }

                var content = new Dictionary<string, JsonElement> { ["decision"] = JsonSerializer.SerializeToElement("approve") };
                if (request!.RequestedSchema!.Properties.ContainsKey("opus_review"))
                {
                    content["opus_review"] = JsonSerializer.SerializeToElement("");
                }

                return ValueTask.FromResult(new ElicitResult { Action = "accept", Content = content });
            };
        });
        var client = server.Client;
        var sessionId = await PhaseFlow.StartSessionAsync(client, repo.Root, Ct);
        await client.CallOkAsync("spec", new() { ["session_id"] = sessionId, ["findings"] = "Login code is in src/Auth.", ["project_root"] = repo.Root }, Ct);
        await client.CallOkAsync("plan", new() { ["session_id"] = sessionId, ["plan"] = "# Plan\nCheck passwords.", ["project_root"] = repo.Root }, Ct);
        await client.CallOkAsync("approve", new() { ["session_id"] = sessionId, ["gate"] = "plan", ["decision"] = "approve", ["project_root"] = repo.Root }, Ct);

        var divided = await client.CallToolAsync("divide", new Dictionary<string, object?> { ["session_id"] = sessionId, ["chunks"] = AuthAndDocs(), ["project_root"] = repo.Root }, cancellationToken: Ct);
        var result = divided.StructuredContent!.Value;
        var estimate = result.GetProperty("cost_estimate");
        await client.CallOkAsync("approve", new() { ["session_id"] = sessionId, ["gate"] = "build", ["decision"] = "approve", ["project_root"] = repo.Root }, Ct);
        var sessionDirectory = Path.Combine(repo.Root, ".orchestrator", "sessions", sessionId);
        using var chunksAfter = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(sessionDirectory, "chunks.json"), Ct));
        using var estimateAfter = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(sessionDirectory, "cost-estimate.json"), Ct));

        // Divide applied the senior review to the auth chunk and priced it: login (sonnet) $0.40 + review $0.40,
        // docs (haiku) $0.05 + review $0.40, plus one opus review pass $2.00.
        Assert.True(result.GetProperty("chunks")[0].GetProperty("opusReview").GetBoolean());
        Assert.False(result.GetProperty("chunks")[1].GetProperty("opusReview").GetBoolean());
        Assert.StartsWith("login: touches authentication/authorization", Assert.Single(result.GetProperty("opus_review_suggested").EnumerateArray()).GetString());
        Assert.Equal(0.80m + 0.45m + 2.00m, estimate.GetProperty("low_usd").GetDecimal());
        Assert.Equal("claude", estimate.GetProperty("runner").GetString());
        var text = Assert.IsType<TextContentBlock>(divided.Content[0]).Text;
        Assert.Contains("opusReview set on login", text);
        Assert.Contains("Estimated cost $3.25-$", text);

        // The form showed the flag and the estimate, offered the choice, and the user's empty answer turned it off.
        var form = asked.Single(a => a.Message.Contains("This spends money", StringComparison.Ordinal));
        Assert.Contains("- login [sonnet, opus review] check the password (src/Auth/Login.cs)", form.Message);
        Assert.Contains("Estimated cost $3.25-$", form.Message);
        Assert.Equal("login", Assert.IsType<ElicitRequestParams.StringSchema>(form.RequestedSchema!.Properties["opus_review"]).Default);
        Assert.All(chunksAfter.RootElement.GetProperty("waves")[0].EnumerateArray(), c => Assert.False(c.GetProperty("opusReview").GetBoolean()));
        Assert.Equal(1.25m, estimateAfter.RootElement.GetProperty("low_usd").GetDecimal());
    }
}
