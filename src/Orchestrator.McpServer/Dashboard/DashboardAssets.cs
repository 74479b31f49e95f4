using System.Collections.Frozen;

namespace Orchestrator.McpServer.Dashboard;

/// <summary>The page's static files, embedded in the assembly (no build step, nothing fetched from elsewhere).</summary>
internal static class DashboardAssets
{
    private static readonly FrozenDictionary<string, (string ContentType, byte[] Content)> Files = Load();

    public static bool TryGet(string name, out string contentType, out byte[] content)
    {
        if (Files.TryGetValue(name, out var file))
        {
            (contentType, content) = file;
            return true;
        }

        contentType = "";
        content = [];
        return false;
    }

    private static FrozenDictionary<string, (string, byte[])> Load()
    {
        const string Prefix = "Dashboard/";
        var assembly = typeof(DashboardAssets).Assembly;
        var files = new Dictionary<string, (string, byte[])>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            var name = resource[Prefix.Length..];
            files[name] = (ContentTypeOf(name), buffer.ToArray());
        }

        return files.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static string ContentTypeOf(string name) => Path.GetExtension(name) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".svg" => "image/svg+xml",
        _ => "application/octet-stream",
    };
}
