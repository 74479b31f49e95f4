namespace Orchestrator.Core.Options;

/// <summary>The test, typecheck and lint commands of a repository (null: none configured or detected).</summary>
public sealed record ResolvedProjectCommands(ProjectCommand? Test, ProjectCommand? Typecheck, ProjectCommand? Lint)
{
    /// <summary>The commands that exist, in the order the quality gate runs them: typecheck, test, lint.</summary>
    public IReadOnlyList<ProjectCommand> All => new[] { Typecheck, Test, Lint }.OfType<ProjectCommand>().ToList();
}
