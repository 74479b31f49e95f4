using ModelContextProtocol.Protocol;
using Orchestrator.McpServer.Tests.Harness;
using Orchestrator.Testing;

namespace Orchestrator.McpServer.Tests.Protocol;

/// <summary>The session tools through the SDK's real client over in-memory pipes, on the classic and the newest protocol.</summary>
public sealed class SessionToolsProtocolTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string> ProtocolVersions => ["2025-11-25", "2026-07-28"];

    [Theory]
    [MemberData(nameof(ProtocolVersions))]
    public async Task Tools_are_listed_with_descriptions_and_output_schemas(string protocolVersion)
    {
        await using var server = await InMemoryMcpServer.StartAsync(protocolVersion, cancellationToken: Ct);

        var tools = await server.Client.ListToolsAsync(cancellationToken: Ct);

        Assert.Equal(protocolVersion, server.Client.NegotiatedProtocolVersion);
        var start = Assert.Single(tools, t => t.Name == "session_start");
        var status = Assert.Single(tools, t => t.Name == "session_status");
        Assert.Contains("session_id", start.Description);
        Assert.NotNull(start.ProtocolTool.OutputSchema);
        Assert.Contains("worktree_path", start.ProtocolTool.OutputSchema!.Value.GetRawText());
        Assert.Contains("resumable_sessions", start.ProtocolTool.OutputSchema!.Value.GetRawText());
        Assert.Contains("gates", status.ProtocolTool.OutputSchema!.Value.GetRawText());
        Assert.True(status.ProtocolTool.Annotations?.ReadOnlyHint);
    }

    [Theory]
    [MemberData(nameof(ProtocolVersions))]
    public async Task Session_start_then_session_status_return_the_contract_fields(string protocolVersion)
    {
        using var repo = TempGitRepository.Create();
        await using var server = await InMemoryMcpServer.StartAsync(protocolVersion, cancellationToken: Ct);

        var started = await server.Client.CallOkAsync("session_start",
            new() { ["description"] = "Add OAuth login", ["project_root"] = repo.Root }, Ct);
        var sessionId = started.GetProperty("session_id").GetString()!;
        var status = await server.Client.CallOkAsync("session_status",
            new() { ["session_id"] = sessionId, ["project_root"] = repo.Root }, Ct);
        var latest = await server.Client.CallOkAsync("session_status", new() { ["project_root"] = repo.Root }, Ct);

        Assert.Equal("started", started.GetProperty("phase").GetString());
        Assert.Equal("wip-add-oauth-login", started.GetProperty("branch").GetString());
        Assert.True(Directory.Exists(started.GetProperty("worktree_path").GetString()));
        Assert.Equal(repo.Root, started.GetProperty("project_root").GetString());
        Assert.Equal("main", started.GetProperty("catchup").GetProperty("current_branch").GetString());
        Assert.Equal(0, started.GetProperty("resumable_sessions").GetArrayLength());
        Assert.Equal(sessionId, status.GetProperty("session_id").GetString());
        Assert.Equal("not_opened", status.GetProperty("gates").GetProperty("plan").GetProperty("status").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, status.GetProperty("spec").ValueKind);
        Assert.True(status.GetProperty("locked_by").GetProperty("this_server").GetBoolean());
        Assert.Equal(sessionId, latest.GetProperty("session_id").GetString());
    }

    [Fact]
    public async Task Without_project_root_the_clients_first_file_root_is_used()
    {
        using var repo = TempGitRepository.Create();
        await using var server = await InMemoryMcpServer.StartAsync("2025-11-25", projectDirectory: Path.GetTempPath(), configureClient: options =>
        {
#pragma warning disable MCP9005 // roots are deprecated in 2026-07-28 but current clients still use them
            options.Capabilities = new ClientCapabilities { Roots = new RootsCapability() };
            options.Handlers.RootsHandler = (_, _) => ValueTask.FromResult(new ListRootsResult
            {
                Roots = [new Root { Uri = "https://example.invalid/not-a-file", Name = "web" }, new Root { Uri = new Uri(repo.Root).AbsoluteUri, Name = "repo" }],
            });
#pragma warning restore MCP9005
        }, cancellationToken: Ct);

        var started = await server.Client.CallOkAsync("session_start", new() { ["description"] = "Dark mode" }, Ct);

        Assert.Equal(repo.Root, started.GetProperty("project_root").GetString());
    }

    [Fact]
    public async Task Bad_inputs_are_tool_errors_that_name_the_fix()
    {
        using var repo = TempGitRepository.Create();
        var notGit = Directory.CreateTempSubdirectory("orch-not-git-").FullName;
        await using var server = await InMemoryMcpServer.StartAsync("2025-11-25", cancellationToken: Ct);

        var unknown = await server.Client.CallErrorAsync("session_status",
            new() { ["session_id"] = "20260101-000000-missing-0000", ["project_root"] = repo.Root }, Ct);
        var notRepo = await server.Client.CallErrorAsync("session_start",
            new() { ["description"] = "x", ["project_root"] = notGit }, Ct);
        var isolation = await server.Client.CallErrorAsync("session_start",
            new() { ["description"] = "x", ["isolation"] = "container", ["project_root"] = repo.Root }, Ct);
        var branch = await server.Client.CallErrorAsync("session_start",
            new() { ["description"] = "x", ["base_name"] = "--force", ["project_root"] = repo.Root }, Ct);
        var empty = await server.Client.CallErrorAsync("session_start",
            new() { ["description"] = "  ", ["project_root"] = repo.Root }, Ct);

        Assert.Contains("No session '20260101-000000-missing-0000'", unknown);
        Assert.Contains("not inside a git work tree", notRepo);
        Assert.Contains("git init", notRepo);
        Assert.Contains("\"worktree\" (default) or \"in_place\"", isolation);
        Assert.Contains("base_name", branch);
        Assert.Contains("description is empty", empty);
        Assert.False(Directory.Exists(Path.Combine(repo.Root, ".orchestrator", "sessions")) &&
            Directory.EnumerateDirectories(Path.Combine(repo.Root, ".orchestrator", "sessions")).Any(), "refused calls wrote a session");
        Directory.Delete(notGit, recursive: true);
    }

    [Fact]
    public async Task Session_documents_are_resources_with_templates()
    {
        using var repo = TempGitRepository.Create();
        await using var server = await InMemoryMcpServer.StartAsync("2025-11-25", projectDirectory: repo.Root, cancellationToken: Ct);
        var started = await server.Client.CallOkAsync("session_start", new() { ["description"] = "Add OAuth login" }, Ct);
        var sessionId = started.GetProperty("session_id").GetString()!;

        var templates = await server.Client.ListResourceTemplatesAsync(cancellationToken: Ct);
        var state = await server.Client.ReadResourceAsync($"orchestrator://sessions/{sessionId}/state", cancellationToken: Ct);
        var missingPlan = await Assert.ThrowsAnyAsync<Exception>(async () => await server.Client.ReadResourceAsync($"orchestrator://sessions/{sessionId}/plan", cancellationToken: Ct));

        Assert.Contains(templates, t => t.UriTemplate == "orchestrator://sessions/{session_id}/state");
        Assert.Contains(templates, t => t.UriTemplate == "orchestrator://sessions/{session_id}/plan");
        var text = Assert.IsType<TextResourceContents>(Assert.Single(state.Contents)).Text;
        Assert.StartsWith("---\nschema-version: 1\n", text);
        Assert.Contains($"session: \"{sessionId}\"", text);
        Assert.Contains("plan", missingPlan.Message);
    }
}
