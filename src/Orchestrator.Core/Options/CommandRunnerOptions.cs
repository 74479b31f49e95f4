namespace Orchestrator.Core.Options;

/// <summary>
/// The <c>command</c> runner (<c>runners: command:</c> in config.yaml): any agent CLI started from a template.
/// Each entry of <see cref="Args"/> is one argument (no shell) in which <c>{prompt_file}</c>, <c>{model}</c>,
/// <c>{cwd}</c> and <c>{schema_file}</c> are replaced. The answer is read from stdout (see docs/runners.md).
/// </summary>
public sealed record CommandRunnerOptions
{
    /// <summary>The program to start (a name on PATH or a path). Required for the command runner.</summary>
    public string? Executable { get; init; }

    /// <summary>The argument template, one entry per argument.</summary>
    public IReadOnlyList<string> Args { get; init; } = [];

    /// <summary>When true the prompt is also written to the program's stdin (then stdin is closed).</summary>
    public bool PromptOnStdin { get; init; }

    /// <summary>Tier -> model name for <c>{model}</c>; unset tiers use the tier's name.</summary>
    public TierModelNames Models { get; init; } = new();

    /// <summary>Variables set on the process on top of the server's environment.</summary>
    public Dictionary<string, string> Env { get; init; } = [];
}
