namespace Orchestrator.Core.Processes;

/// <summary>
/// Everything needed to start one child process. Arguments are a list, never a shell string, so nothing the user or a
/// model writes can be interpreted by a shell.
/// </summary>
public sealed record ProcessSpec(string FileName, IReadOnlyList<string> Arguments, string WorkingDirectory)
{
    /// <summary>Variables to set (non-null) or remove (null) on top of the inherited environment.</summary>
    public IReadOnlyDictionary<string, string?> Environment { get; init; } = new Dictionary<string, string?>();

    /// <summary>When false the child starts from an empty environment plus <see cref="Environment"/>.</summary>
    public bool InheritEnvironment { get; init; } = true;

    /// <summary>Text written to the child's stdin before it is closed; null closes stdin at once.</summary>
    public string? StandardInput { get; init; }

    /// <summary>Wall-clock limit; null means no limit (cancellation still applies).</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>
    /// Stall limit: the child is stopped when it prints no stdout line for this long (an agent whose event stream went
    /// silent), reported as <see cref="ProcessExitKind.Stalled"/>, apart from the wall-clock timeout. Null: no limit.
    /// </summary>
    public TimeSpan? IdleTimeout { get; init; }

    /// <summary>Sees every stdout line; when it answers a reason the tree is stopped (<see cref="ProcessExitKind.StoppedByWatcher"/>).</summary>
    public IOutputLineWatcher? OutputWatcher { get; init; }

    /// <summary>How long each step of the SIGINT -> SIGTERM -> kill sequence waits for the child to exit.</summary>
    public TimeSpan KillGracePeriod { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>When set, stdout and stderr are also streamed to this file as they arrive.</summary>
    public string? LogPath { get; init; }

    /// <summary>Values (tokens, keys) replaced by <c>***</c> in the log file.</summary>
    public IReadOnlyList<string> Secrets { get; init; } = [];
}
