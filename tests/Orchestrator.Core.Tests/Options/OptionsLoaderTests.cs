using System.Reflection;
using Orchestrator.Core.Options;

namespace Orchestrator.Core.Tests.Options;

/// <summary>config.yaml mistakes are reported in the file's terms: the key, its line, what is accepted.</summary>
public sealed class OptionsLoaderTests
{
    [Theory]
    [InlineData("close:\n  mirror: github\n", "config.yaml line 2: unknown key 'mirror' under 'close'. Did you mean 'mirror_remote'? Expected one of: allow_default_branch_commit, push_remote, mirror_remote, snapshot_max_age_days, review_diff, review_runner.")]
    [InlineData("worktree_rot: ../x\n", "config.yaml line 1: unknown key 'worktree_rot' at the top level. Did you mean 'worktree_root'?")]
    [InlineData("runners:\n  claude:\n    max_turn: 3\n", "config.yaml line 3: unknown key 'max_turn' under 'runners.claude'. Did you mean 'max_turns'?")]
    [InlineData("close:\n  review_diff: maybe\n", "config.yaml line 2: 'close.review_diff' must be true or false, not 'maybe'.")]
    [InlineData("\n\nclose:\n  snapshot_max_age_days: soon\n", "config.yaml line 4: 'close.snapshot_max_age_days' must be a whole number (0 or more, e.g. 14), not 'soon'.")]
    [InlineData("symlink_folders: node_modules\n", "config.yaml line 1: 'symlink_folders' must be a list, e.g. symlink_folders: [first, second], not 'node_modules'.")]
    [InlineData("tracker:\n  kind: jira\n", "config.yaml line 2: 'tracker.kind' is 'jira'; expected one of: local, github, gitea.")]
    [InlineData("commands:\n  test: [dotnet, test]\n", "config.yaml line 2: 'commands.test' must be a single value (text), not a list.")]
    [InlineData("close: true\n", "config.yaml line 1: 'close' must be a group of keys on the lines below it")]
    [InlineData("runners:\n  codex:\n    env: [A, B]\n", "config.yaml line 3: 'runners.codex.env' must be names with values, e.g. env: { NAME: value }, not a list.")]
    [InlineData("close:\n  push_remote: origin\n   review_diff: false\n", "config.yaml line 3: this is not valid YAML")]
    [InlineData("- a\n- b\n", "config.yaml line 1: the file must hold 'key: value' lines")]
    public void Mistakes_name_the_key_the_line_and_what_is_accepted(string yaml, string expected)
    {
        var outcome = OptionsLoader.Parse(yaml, "config.yaml");

        Assert.False(outcome.Succeeded);
        Assert.StartsWith(expected, outcome.Error!.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Orchestrator.", outcome.Error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", outcome.Error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Options", outcome.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_key_reaches_its_setting_and_empty_files_give_the_defaults()
    {
        const string yaml = """
            worktree_root: ../trees
            symlink_folders:
              - node_modules
              - .venv
            copy_files: [".env*", ".npmrc"]
            commands: { test: npm test, typecheck: npx tsc --noEmit, lint: null }
            runners:
              claude:
                read_only_tools: [Read, Grep]
                env: { ANTHROPIC_BASE_URL: "http://127.0.0.1:9", EMPTY: }
              command:
                prompt_on_stdin: yes
                models: { sonnet: gemini-3-pro }
            """;

        var options = OptionsLoader.Parse(yaml, "config.yaml");

        Assert.True(options.Succeeded, options.Error?.Message);
        Assert.Equal("../trees", options.Value.WorktreeRoot);
        Assert.Equal(["node_modules", ".venv"], options.Value.SymlinkFolders);
        Assert.Equal([".env*", ".npmrc"], options.Value.CopyFiles);
        Assert.Equal(("npm test", "npx tsc --noEmit", null), (options.Value.Commands.Test, options.Value.Commands.Typecheck, options.Value.Commands.Lint));
        Assert.Equal(["Read", "Grep"], options.Value.Runners.Claude.ReadOnlyTools!);
        Assert.Equal("http://127.0.0.1:9", options.Value.Runners.Claude.Env["ANTHROPIC_BASE_URL"]);
        Assert.Equal("", options.Value.Runners.Claude.Env["EMPTY"]);
        Assert.True(options.Value.Runners.Command.PromptOnStdin);
        Assert.Equal("gemini-3-pro", options.Value.Runners.Command.Models.Sonnet);
        Assert.Equal("claude", options.Value.DefaultRunner);
        Assert.Equal(OrchestratorOptions.DefaultHeavyFolders, OptionsLoader.Parse("", "config.yaml").Value!.SymlinkFolders);
        Assert.Equal("origin", OptionsLoader.Parse("# only a comment\n", "config.yaml").Value!.Close.PushRemote);
        Assert.Equal("origin", OptionsLoader.Parse("close:\n", "config.yaml").Value!.Close.PushRemote);
    }

    [Fact]
    public void The_worktree_pool_size_is_read_and_defaults_to_max_parallel()
    {
        Assert.Equal(0, OptionsLoader.Parse("worktree_pool:\n  size: 0\n", "config.yaml").Value!.WorktreePool.SizeFor(4));
        Assert.Equal(6, OptionsLoader.Parse("worktree_pool:\n  size: 6\n", "config.yaml").Value!.WorktreePool.SizeFor(4));
        Assert.Equal(3, OptionsLoader.Parse("", "config.yaml").Value!.WorktreePool.SizeFor(3));
        Assert.False(OptionsLoader.Parse("worktree_pool:\n  slots: 2\n", "config.yaml").Succeeded);
    }

    /// <summary>A setting added to an option record without a config.yaml key would be silently unreachable.</summary>
    [Fact]
    public void Every_setting_of_the_option_records_has_a_key()
    {
        var keys = KeysOf(typeof(OrchestratorOptions), "").ToList();

        foreach (var key in keys)
        {
            var parts = key.Split('.');
            var yaml = string.Concat(parts.Select((part, depth) => new string(' ', depth * 2) + part + ":" + (depth == parts.Length - 1 ? " null" : "") + "\n"));
            var outcome = OptionsLoader.Parse(yaml, "config.yaml");
            Assert.True(outcome.Succeeded, $"{key}: {outcome.Error?.Message}");
        }

        Assert.Contains("runners.codex.read_only_tools", keys);
        Assert.Contains("close.snapshot_max_age_days", keys);
    }

    private static IEnumerable<string> KeysOf(Type record, string prefix)
    {
        foreach (var property in record.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod is not null))
        {
            var key = prefix + SnakeCase(property.Name);
            yield return key;
            if (property.PropertyType.Namespace == typeof(OrchestratorOptions).Namespace && property.PropertyType.IsClass)
            {
                foreach (var nested in KeysOf(property.PropertyType, key + "."))
                {
                    yield return nested;
                }
            }
        }
    }

    private static string SnakeCase(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) && i > 0 ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
