using System.Text.Json;
using Orchestrator.Core.Common;

namespace Orchestrator.Core.Build.Runs;

/// <summary>
/// <c>request.json</c> in a run directory: the <see cref="BuildRunRequest"/> build_start prepared, so the detached worker
/// starts exactly that run (the journal's run.started holds it from then on, and a resume reads that instead).
/// </summary>
public static class RunRequestRecord
{
    public const string FileName = "request.json";

    public static void Write(BuildRunRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        Directory.CreateDirectory(request.RunDirectory);
        AtomicFile.WriteAllText(Path.Combine(request.RunDirectory, FileName), JsonSerializer.Serialize(request, BuildJson.TypeInfo<BuildRunRequest>(BuildJson.Indented)));
    }

    public static BuildRunRequest? Read(string runDirectory)
    {
        var path = Path.Combine(runDirectory, FileName);
        try
        {
            return File.Exists(path) ? JsonSerializer.Deserialize(File.ReadAllText(path), BuildJson.TypeInfo<BuildRunRequest>()) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
