using System.Text.Json;

namespace Orchestrator.Core.Sessions;

/// <summary>The on-disk form of a session lock: one small JSON object.</summary>
internal static class SessionLockFile
{
    public const string FileName = "session.lock";

    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static LockOwner? TryRead(string path)
    {
        try
        {
            var text = File.ReadAllText(path);
            return text.Length == 0 ? null : JsonSerializer.Deserialize<LockOwner>(text, JsonOptions);
        }
        catch (Exception ex) when (ex is IOException or JsonException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
