using Orchestrator.Core.Agents;
using Orchestrator.Core.Agents.Answers;
using Orchestrator.Core.Agents.Runners.Claude;
using Orchestrator.Core.Agents.Runners.Codex;
using Orchestrator.Core.Agents.Runners.Command;
using Orchestrator.Core.Agents.Runners.Host;
using Orchestrator.Core.Common;
using Orchestrator.Core.Options;
using Orchestrator.Core.Processes;
using Orchestrator.Testing;

namespace Orchestrator.Core.Tests.Agents;

/// <summary>Runner selection, configuration, environment and the command runner with a real (shell) agent.</summary>
public sealed class AgentRunnerSetupTests : IDisposable
{
    private readonly TempGitRepository _repo = TempGitRepository.Create();

    [Fact]
    public void A_missing_cli_is_refused_naming_the_npm_package_and_the_config_key()
    {
        var options = new OrchestratorOptions { Runners = new RunnersOptions { Codex = new AgentCliOptions { Executable = "/nonexistent/codex" } } };
        var factory = new AgentRunnerFactory();

        var codex = factory.Create(RunnerKind.Codex, options.Runners, "r1");
        var onPath = AgentExecutableResolver.Resolve(null, "claude", "claude", AgentRunnerFactory.ClaudeInstallHint, pathVariable: "/nonexistent");

        Assert.False(codex.Succeeded);
        Assert.Contains("@openai/codex", codex.Error!.Message, StringComparison.Ordinal);
        Assert.Contains("runners.codex.executable", codex.Error.Message, StringComparison.Ordinal);
        Assert.False(onPath.Succeeded);
        Assert.Contains("npm install -g @anthropic-ai/claude-code", onPath.Error!.Message, StringComparison.Ordinal);
        Assert.Contains("not on PATH", onPath.Error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("gemini-pro", "unknown runner")]
    [InlineData("command", "runners.command.executable")]
    [InlineData("host", "agent_job_next")]
    public void Bad_runner_choices_are_refused_with_the_fix(string runner, string expected)
    {
        var kind = RunnerKinds.Parse(runner, "the test");
        var result = kind.Succeeded ? new AgentRunnerFactory().Create(kind.Value, OrchestratorOptions.Default.Runners, "r1") : Outcome<IAgentRunner>.Failure(kind.Error);

        Assert.False(result.Succeeded);
        Assert.Contains(expected, result.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Runner_names_are_parsed_once_and_an_unknown_one_names_its_source_and_the_accepted_names()
    {
        var unknown = RunnerKinds.Parse("gpt", "default_runner in .orchestrator/config.yaml");

        Assert.Equal(RunnerKind.Codex, RunnerKinds.Parse(" Codex ", "the test").Value);
        Assert.Equal(["claude", "codex", "command", "host"], RunnerKinds.Names);
        Assert.Null(RunnerKinds.TryParse(""));
        Assert.Equal(ErrorCode.InvalidArgument, unknown.Error!.Code);
        Assert.Equal("unknown runner \"gpt\" (default_runner in .orchestrator/config.yaml). Use one of: claude, codex, command, host.", unknown.Error.Message);
    }

    [Fact]
    public void The_host_runner_is_made_only_for_a_build_run_of_a_server_with_a_broker()
    {
        var broker = new HostJobBroker(TimeProvider.System);

        var forRun = new AgentRunnerFactory(new ProcessRunner(), broker).Create(RunnerKind.Host, OrchestratorOptions.Default.Runners, "r1");
        var outsideRun = new AgentRunnerFactory(new ProcessRunner(), broker).Create(RunnerKind.Host, OrchestratorOptions.Default.Runners, null);

        Assert.Equal("host", forRun.Value!.Name);
        Assert.Contains("agent_job_next", outsideRun.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Runner_settings_load_from_config_yaml()
    {
        const string yaml = """
            default_runner: codex
            runners:
              claude:
                executable: /opt/claude
                max_turns: 12
                models: { opus: claude-opus-4-8 }
              codex:
                models: { haiku: gpt-5.5-mini, sonnet: gpt-5.5, opus: gpt-5.5-pro }
                extra_args: ["-c", "model_reasoning_effort=high"]
                env: { OPENAI_BASE_URL: "http://127.0.0.1:9" }
              command:
                executable: cursor-agent
                args: ["-p", "--output-format", "json", "--model", "{model}", "{prompt_file}"]
                prompt_on_stdin: false
            commands:
              test: dotnet test
            """;

        var parsed = OptionsLoader.Parse(yaml, "config.yaml");

        Assert.True(parsed.Succeeded, parsed.Error?.Message);
        var options = parsed.Value!;
        Assert.Equal("codex", options.DefaultRunner);
        Assert.Equal(12, options.Runners.Claude.MaxTurns);
        Assert.Equal("claude-opus-4-8", options.Runners.Claude.Models.For(ModelTier.Opus, ClaudeCodeAgentRunner.DefaultModels));
        Assert.Equal("haiku", options.Runners.Claude.Models.For(ModelTier.Haiku, ClaudeCodeAgentRunner.DefaultModels));
        Assert.Equal("gpt-5.5-mini", options.Runners.Codex.Models.For(ModelTier.Haiku, CodexAgentRunner.DefaultModels));
        Assert.Equal(["-c", "model_reasoning_effort=high"], options.Runners.Codex.ExtraArgs);
        Assert.Equal("http://127.0.0.1:9", options.Runners.Codex.Env["OPENAI_BASE_URL"]);
        Assert.Equal("{model}", options.Runners.Command.Args[4]);
        Assert.Equal("dotnet test", options.Commands.Test);
        Assert.False(OptionsLoader.Parse("runners:\n  claude:\n    max_turn: 3\n", "config.yaml").Succeeded);
    }

    [Fact]
    public void Claude_arguments_give_executors_edits_and_reviewers_only_read_only_tools()
    {
        var runner = new ClaudeCodeAgentRunner(new ProcessRunner(), "/bin/claude", new AgentCliOptions { MaxTurns = 7 });

        var executor = runner.ArgumentsFor(Job(AgentRole.Executor, ModelTier.Haiku));
        var reviewer = runner.ArgumentsFor(Job(AgentRole.Reviewer, ModelTier.Opus));

        Assert.Equal(["-p", "--permission-mode", "acceptEdits", "--output-format", "json", "--json-schema", AgentOutputSchemas.Executor, "--model", "haiku",
            "--strict-mcp-config", "--mcp-config", """{"mcpServers":{}}""", "--max-turns", "7", "--no-session-persistence"], executor);
        Assert.Equal(["--tools", "Read,Grep,Glob"], reviewer.Skip(1).Take(2));
        Assert.DoesNotContain("acceptEdits", reviewer);
        Assert.Contains("opus", reviewer);
    }

    [Fact]
    public void Codex_arguments_sandbox_reviewers_read_only_and_read_the_prompt_from_stdin()
    {
        var runner = new CodexAgentRunner(new ProcessRunner(), "/bin/codex", new AgentCliOptions { ExtraArgs = ["--ignore-user-config"] });

        Assert.Equal(["exec", "--json", "--output-schema", "/s.json", "-s", "workspace-write", "--skip-git-repo-check", "-m", "gpt-5.5", "--ignore-user-config", "-"],
            runner.ArgumentsFor(Job(AgentRole.Executor, ModelTier.Sonnet), "/s.json"));
        Assert.Contains("read-only", runner.ArgumentsFor(Job(AgentRole.Reviewer, ModelTier.Sonnet), "/s.json"));
    }

    [Fact]
    public void The_agent_environment_drops_nested_claude_markers_and_keeps_the_rest()
    {
        var current = new System.Collections.Hashtable { ["PATH"] = "/usr/bin", ["CLAUDECODE"] = "1", ["CLAUDE_CODE_ENTRYPOINT"] = "cli", ["HOME"] = "/home/u" };

        var environment = AgentProcessEnvironment.Build(new Dictionary<string, string> { ["ANTHROPIC_BASE_URL"] = "http://127.0.0.1:1", ["CLAUDECODE"] = "1" }, current);

        Assert.False(environment.ContainsKey("CLAUDECODE"));
        Assert.False(environment.ContainsKey("CLAUDE_CODE_ENTRYPOINT"));
        Assert.Equal("/usr/bin", environment["PATH"]);
        Assert.Equal("http://127.0.0.1:1", environment["ANTHROPIC_BASE_URL"]);
    }

    [Fact]
    public async Task The_command_runner_runs_a_template_and_masks_secrets_in_its_log()
    {
        var logs = Path.Combine(Path.GetDirectoryName(_repo.Root)!, "logs");
        var options = new CommandRunnerOptions
        {
            Executable = "sh",
            // A stand-in agent: reads its prompt file, echoes a secret from its environment to stderr, answers JSON.
            Args = ["-c", "test -s \"$1\" && test -s \"$2\" && echo \"key=$MY_SERVICE_TOKEN\" >&2 && printf '{\"status\":\"done\",\"summary\":\"model %s in %s\"}' \"$3\" \"$(pwd)\"", "agent", "{prompt_file}", "{schema_file}", "{model}"],
            Models = new TierModelNames { Sonnet = "my-model" },
            Env = new Dictionary<string, string> { ["MY_SERVICE_TOKEN"] = "s3cr3t-value-123" },
        };
        var executable = AgentExecutableResolver.Resolve("sh", "sh", "command", "install it");
        var runner = new CommandTemplateAgentRunner(new ProcessRunner(), executable.Value!, options);
        var job = Job(AgentRole.Executor, ModelTier.Sonnet) with { WorkingDirectory = _repo.Root, LogPath = Path.Combine(logs, "c1-1.log") };

        var outcome = await runner.RunAsync(job, TestContext.Current.CancellationToken);

        Assert.Equal(AgentOutcomeStatus.Completed, outcome.Status);
        var parsed = AgentOutputParser.ParseExecutor(outcome.StructuredOutput);
        Assert.Equal($"model my-model in {_repo.Root}", parsed.Value!.Summary);
        var log = File.ReadAllText(job.LogPath);
        Assert.Contains("key=***", log, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t-value-123", log, StringComparison.Ordinal);
        Assert.Contains("Implement it", File.ReadAllText(Path.Combine(logs, "c1-1.prompt.md")), StringComparison.Ordinal);
    }

    public void Dispose() => _repo.Dispose();

    private static AgentJob Job(AgentRole role, ModelTier tier) =>
        new("j1", "r1", role, tier, "Implement it.", "/tmp", role == AgentRole.Executor ? AgentOutputSchemas.Executor : AgentOutputSchemas.Reviewer,
            TimeSpan.FromSeconds(30), "/tmp/c1-1.log", "c1", 1);
}
