namespace Orchestrator.Core.Sessions;

/// <summary>
/// The STATE.md of one session: the source workflow's frontmatter fields, this server's own fields, any keys another
/// tool added (kept as raw YAML so they round-trip), and the Markdown body.
/// </summary>
public sealed record SessionState
{
    public const int CurrentSchemaVersion = 1;

    public int SchemaVersion { get; init; } = CurrentSchemaVersion;

    public string SessionType { get; init; } = "orchestrate";

    public required string Branch { get; init; }

    public IReadOnlyList<string> Issues { get; init; } = [];

    public required DateTimeOffset StartedAt { get; init; }

    public string Status { get; init; } = SessionStatus.Active;

    public int CurrentWave { get; init; }

    public int TotalWaves { get; init; }

    public DateTimeOffset? Updated { get; init; }

    public required string Session { get; init; }

    public string? SessionStartRef { get; init; }

    public required string Description { get; init; }

    public string Phase { get; init; } = SessionPhase.Started;

    public SessionIsolation Isolation { get; init; }

    /// <summary>The repository's main working tree, where <c>.orchestrator/</c> lives.</summary>
    public required string ProjectRoot { get; init; }

    /// <summary>The tree the session works in (a new worktree, or the user's tree).</summary>
    public required string WorkTree { get; init; }

    public string? BaseBranch { get; init; }

    public SessionGates Gates { get; init; } = SessionGates.Initial;

    public IReadOnlyList<string> Runs { get; init; } = [];

    /// <summary>Set by the spec phase when the feature touches correctness-critical areas: the planner then runs at opus.</summary>
    public bool CorrectnessCritical { get; init; }

    /// <summary>Concerns deferred at the concerns gate, for close's report and carryover issues.</summary>
    public IReadOnlyList<DeferredConcern> DeferredConcerns { get; init; } = [];

    /// <summary>Frontmatter keys this server does not know, as YAML text per key, written back unchanged.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> ExtraFrontmatter { get; init; } = [];

    public string Body { get; init; } = "";
}
