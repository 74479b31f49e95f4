namespace Orchestrator.Core.Common;

/// <summary>
/// A file of the server's own state (result.json, chunks.json, STATE.md) that cannot be read: written incompletely or
/// edited by hand. The message names the file, what is wrong and what to do; the tool layer shows it as a refusal.
/// An <see cref="IOException"/>, so callers that already treat unreadable files as missing keep doing so.
/// </summary>
public sealed class CorruptStateFileException(string path, string detail, string fix)
    : IOException($"{path} is damaged and cannot be read ({InputEcho.Truncate(detail, 300)}). {fix}")
{
    /// <summary>The damaged file.</summary>
    public string FilePath { get; } = path;
}
