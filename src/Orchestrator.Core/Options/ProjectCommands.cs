namespace Orchestrator.Core.Options;

/// <summary>
/// The repository's own check commands (<c>commands:</c> in config.yaml), run through <c>sh -c</c> in the tree being
/// checked. Null means "detect from the repository" (dotnet test, npm test, cargo test, go test ./..., pytest).
/// </summary>
public sealed record ProjectCommands
{
    /// <summary>Runs the tests, e.g. <c>dotnet test</c>. Used after each chunk when tests are required, and by close's quality gate.</summary>
    public string? Test { get; init; }

    /// <summary>Type-checks or compiles, e.g. <c>npx tsc --noEmit</c>. Close's quality gate.</summary>
    public string? Typecheck { get; init; }

    /// <summary>Lints, e.g. <c>npm run lint</c>. Close's quality gate.</summary>
    public string? Lint { get; init; }
}
