using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Orchestrator.Core.Sessions;

/// <summary>The on-disk form of a session lock: one small JSON object.</summary>
internal static class SessionLockFile
{
    public const string FileName = "session.lock";

    public static JsonTypeInfo<LockOwner> Json => SessionJsonContext.Default.LockOwner;

    public static LockOwner? TryRead(string path)
    {
        try
        {
            var text = File.ReadAllText(path);
            return text.Length == 0 ? null : JsonSerializer.Deserialize(text, Json);
        }
        catch (Exception ex) when (ex is IOException or JsonException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
