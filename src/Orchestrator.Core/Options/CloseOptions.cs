namespace Orchestrator.Core.Options;

/// <summary>How close commits and publishes (<c>close:</c> in config.yaml).</summary>
public sealed record CloseOptions
{
    /// <summary>Commit even when the session tree is on the repository's default branch (off: sessions work on their own branch).</summary>
    public bool AllowDefaultBranchCommit { get; init; }

    /// <summary>The remote <c>push: true</c> pushes the session branch to.</summary>
    public string PushRemote { get; init; } = "origin";

    /// <summary>A second remote the branch is mirrored to after a push, when that remote exists. Empty: no mirror.</summary>
    public string MirrorRemote { get; init; } = "github";

    /// <summary>Snapshot refs of other sessions whose commit is older than this many days are garbage-collected.</summary>
    public int SnapshotMaxAgeDays { get; init; } = 14;

    /// <summary>Have one reviewer agent read the session's diff before the quality gate (informational, never blocks).</summary>
    public bool ReviewDiff { get; init; } = true;

    /// <summary>The runner of that reviewer (<c>claude</c>, <c>codex</c>, <c>command</c>); null: <c>default_runner</c>.</summary>
    public string? ReviewRunner { get; init; }
}
