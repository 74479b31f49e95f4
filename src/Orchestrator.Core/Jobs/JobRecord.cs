using System.Text.Json;
using Orchestrator.Core.Close;
using Orchestrator.Core.Common;
using Orchestrator.Core.Planning.PhaseAgents;

namespace Orchestrator.Core.Jobs;

/// <summary>
/// <c>job.json</c>: one spec, plan, divide or close request, written by the server before it starts the job's worker,
/// which runs exactly that. <see cref="Arguments"/> is the phase job's request key (a call with the same one joins it).
/// </summary>
public sealed record JobRecord(string JobId, string SessionId, JobKind Kind, string? Arguments)
{
    public const string FileName = "job.json";

    /// <summary>spec: the research angles (null: chosen from the description).</summary>
    public IReadOnlyList<ResearchAngle>? Angles { get; init; }

    /// <summary>plan: the user's feedback to re-plan with.</summary>
    public string? Feedback { get; init; }

    /// <summary>divide: the tests_required override.</summary>
    public bool? TestsRequired { get; init; }

    /// <summary>close: what close is asked to do.</summary>
    public CloseRequest? Close { get; init; }

    public string Phase => Kind.ToSnakeCase();

    public void Write(string jobDirectory)
    {
        Directory.CreateDirectory(jobDirectory);
        AtomicFile.WriteAllText(Path.Combine(jobDirectory, FileName), JsonSerializer.Serialize(this, JobJson.TypeInfo<JobRecord>()));
    }

    public static JobRecord? Read(string jobDirectory)
    {
        var path = Path.Combine(jobDirectory, FileName);
        try
        {
            return File.Exists(path) ? JsonSerializer.Deserialize(File.ReadAllText(path), JobJson.TypeInfo<JobRecord>()) : null;
        }
        catch (Exception ex) when (ex is JsonException or IOException)
        {
            return null;
        }
    }
}
