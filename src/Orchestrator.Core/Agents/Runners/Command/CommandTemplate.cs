namespace Orchestrator.Core.Agents.Runners.Command;

/// <summary>
/// Expands the command runner's argument template. Each template entry stays one argument (no shell, so nothing in
/// a prompt or path is ever interpreted); placeholders may sit inside a larger entry, e.g. <c>@{prompt_file}</c>.
/// </summary>
public static class CommandTemplate
{
    /// <summary>The placeholders a template may use.</summary>
    public static readonly IReadOnlyList<string> Placeholders = ["{prompt_file}", "{model}", "{cwd}", "{schema_file}"];

    /// <summary>Replaces the placeholders in every entry of <paramref name="template"/>.</summary>
    public static IReadOnlyList<string> Expand(IReadOnlyList<string> template, string promptFile, string model, string workingDirectory, string schemaFile) =>
        template.Select(entry => entry
            .Replace("{prompt_file}", promptFile, StringComparison.Ordinal)
            .Replace("{model}", model, StringComparison.Ordinal)
            .Replace("{cwd}", workingDirectory, StringComparison.Ordinal)
            .Replace("{schema_file}", schemaFile, StringComparison.Ordinal))
            .ToList();
}
