namespace Orchestrator.Core.Options.Yaml;

/// <summary>
/// A config.yaml mistake found while reading it, with the line it is on. Thrown only inside the reader and turned into
/// a failed outcome by <see cref="OptionsLoader"/>, so it never reaches a caller.
/// </summary>
internal sealed class ConfigFileException(long line, string message) : Exception(message)
{
    public long Line { get; } = line;
}
