namespace Orchestrator.Core.Options;

/// <summary>
/// Settings from <c>.orchestrator/config.yaml</c> (snake_case keys). Every key has a default, so the file is optional.
/// </summary>
public sealed record OrchestratorOptions
{
    /// <summary>The folders agents need but git ignores, symlinked into new worktrees when present.</summary>
    public static readonly IReadOnlyList<string> DefaultHeavyFolders =
        ["node_modules", ".venv", "venv", "target", "build", "dist", ".next", "vendor", ".gradle", ".tox"];

    /// <summary>
    /// Where session worktrees are created; relative paths are relative to the repository's main tree. Default:
    /// a folder <c>&lt;repo&gt;-worktrees</c> beside the repository.
    /// </summary>
    public string? WorktreeRoot { get; init; }

    public IReadOnlyList<string> SymlinkFolders { get; init; } = DefaultHeavyFolders;

    /// <summary>Top-level files copied into new worktrees (glob with a trailing <c>*</c> allowed), e.g. <c>.env*</c>.</summary>
    public IReadOnlyList<string> CopyFiles { get; init; } = [".env*"];

    /// <summary>The repository's test, typecheck and lint commands.</summary>
    public ProjectCommands Commands { get; init; } = new();

    /// <summary>Where close files carryover issues (local, GitHub or Gitea).</summary>
    public TrackerOptions Tracker { get; init; } = new();

    /// <summary>How close commits, pushes and mirrors.</summary>
    public CloseOptions Close { get; init; } = new();

    /// <summary>The runner a build uses when build_start names none: <c>claude</c>, <c>codex</c>, <c>command</c> or <c>host</c>.</summary>
    public string DefaultRunner { get; init; } = "claude";

    /// <summary>Per-runner settings: executable, tier -> model map, turns, extra arguments and environment.</summary>
    public RunnersOptions Runners { get; init; } = new();

    /// <summary>Who decides the gates: <c>user</c> (a form; default), <c>dashboard</c> or <c>client</c>. The command line's <c>--gates</c> wins.</summary>
    public GateDecider Gates { get; init; } = GateDecider.User;

    /// <summary>Cluster mode: where the workers are and how code reaches them (null: agents run on this machine).</summary>
    public ClusterOptions? Cluster { get; init; }

    public static OrchestratorOptions Default { get; } = new();
}
