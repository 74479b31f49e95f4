namespace Orchestrator.Core.Options.Yaml;

/// <summary>
/// config.yaml's keys, section by section, onto the option records. A key added to a record must be added here too
/// (a test compares the two).
/// </summary>
internal static class OptionsYamlReader
{
    public static OrchestratorOptions Read(ConfigSection root)
    {
        root.AllowOnly("worktree_root", "symlink_folders", "copy_files", "commands", "tracker", "close", "default_runner", "runners", "gates", "cluster");
        var defaults = OrchestratorOptions.Default;
        return new OrchestratorOptions
        {
            WorktreeRoot = root.Text("worktree_root", defaults.WorktreeRoot),
            SymlinkFolders = root.List("symlink_folders") ?? defaults.SymlinkFolders,
            CopyFiles = root.List("copy_files") ?? defaults.CopyFiles,
            Commands = Commands(root.Section("commands")),
            Tracker = Tracker(root.Section("tracker")),
            Close = Close(root.Section("close")),
            DefaultRunner = root.RequiredText("default_runner", defaults.DefaultRunner),
            Runners = Runners(root.Section("runners")),
            Cluster = Cluster(root.Section("cluster")),
            Gates = root.OneOf("gates", "user", ["user", "dashboard", "client"]) switch
            {
                "dashboard" => GateDecider.Dashboard,
                "client" => GateDecider.Client,
                _ => GateDecider.User,
            },
        };
    }

    private static ProjectCommands Commands(ConfigSection section)
    {
        section.AllowOnly("test", "typecheck", "lint");
        return new ProjectCommands
        {
            Test = section.Text("test", null),
            Typecheck = section.Text("typecheck", null),
            Lint = section.Text("lint", null),
        };
    }

    private static TrackerOptions Tracker(ConfigSection section)
    {
        section.AllowOnly("kind", "api_url", "repository", "token_env");
        var defaults = new TrackerOptions();
        return new TrackerOptions
        {
            Kind = section.OneOf("kind", defaults.Kind, TrackerKinds.All),
            ApiUrl = section.Text("api_url", null),
            Repository = section.Text("repository", null),
            TokenEnv = section.List("token_env"),
        };
    }

    private static CloseOptions Close(ConfigSection section)
    {
        section.AllowOnly("allow_default_branch_commit", "push_remote", "mirror_remote", "snapshot_max_age_days", "review_diff", "review_runner");
        var defaults = new CloseOptions();
        return new CloseOptions
        {
            AllowDefaultBranchCommit = section.Flag("allow_default_branch_commit", defaults.AllowDefaultBranchCommit),
            PushRemote = section.RequiredText("push_remote", defaults.PushRemote),
            MirrorRemote = section.RequiredText("mirror_remote", defaults.MirrorRemote),
            SnapshotMaxAgeDays = section.WholeNumber("snapshot_max_age_days", defaults.SnapshotMaxAgeDays) ?? defaults.SnapshotMaxAgeDays,
            ReviewDiff = section.Flag("review_diff", defaults.ReviewDiff),
            ReviewRunner = section.Text("review_runner", null),
        };
    }

    private static RunnersOptions Runners(ConfigSection section)
    {
        section.AllowOnly("claude", "codex", "command");
        return new RunnersOptions
        {
            Claude = AgentCli(section.Section("claude")),
            Codex = AgentCli(section.Section("codex")),
            Command = CommandRunner(section.Section("command")),
        };
    }

    private static AgentCliOptions AgentCli(ConfigSection section)
    {
        section.AllowOnly("executable", "models", "max_turns", "extra_args", "env", "read_only_tools");
        return new AgentCliOptions
        {
            Executable = section.Text("executable", null),
            Models = Models(section.Section("models")),
            MaxTurns = section.WholeNumber("max_turns", null),
            ExtraArgs = section.List("extra_args") ?? [],
            Env = section.Pairs("env") ?? [],
            ReadOnlyTools = section.List("read_only_tools"),
        };
    }

    private static CommandRunnerOptions CommandRunner(ConfigSection section)
    {
        section.AllowOnly("executable", "args", "prompt_on_stdin", "models", "env");
        return new CommandRunnerOptions
        {
            Executable = section.Text("executable", null),
            Args = section.List("args") ?? [],
            PromptOnStdin = section.Flag("prompt_on_stdin", false),
            Models = Models(section.Section("models")),
            Env = section.Pairs("env") ?? [],
        };
    }

    private static TierModelNames Models(ConfigSection section)
    {
        section.AllowOnly("haiku", "sonnet", "opus");
        return new TierModelNames
        {
            Haiku = section.Text("haiku", null),
            Sonnet = section.Text("sonnet", null),
            Opus = section.Text("opus", null),
        };
    }

    /// <summary>Cluster mode; null (agents on this machine) when the section is absent or empty.</summary>
    private static ClusterOptions? Cluster(ConfigSection section)
    {
        section.AllowOnly("membership", "git_remote", "secret_env", "require_labels");
        var membership = section.Text("membership", null);
        var gitRemote = section.Text("git_remote", null);
        var secretEnv = section.Text("secret_env", null);
        var labels = section.Pairs("require_labels");
        if (membership is null && gitRemote is null && secretEnv is null && labels is null)
        {
            return null;
        }

        return new ClusterOptions
        {
            Membership = membership,
            GitRemote = gitRemote,
            SecretEnv = secretEnv ?? new ClusterOptions().SecretEnv,
            RequireLabels = labels ?? [],
        };
    }
}
