namespace Orchestrator.Core.Common;

/// <summary>
/// A path the server derived would have left its folder (a planted symbolic link, or a bug). Never caught to go on:
/// the write or read is refused, and the tool layer shows the message, which names the path and the fix.
/// </summary>
public sealed class PathEscapeException(string message) : IOException(message);
