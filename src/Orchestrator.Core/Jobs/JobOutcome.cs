using System.Text.Json;
using Orchestrator.Core.Common;

namespace Orchestrator.Core.Jobs;

/// <summary>
/// <c>outcome.json</c>: how a detached job ended, the phase's result or its error, written by the worker before it
/// lets go of the job (or by a server that found the job never started or its worker dead), so every server reads
/// the same end.
/// </summary>
public sealed record JobOutcome(bool Succeeded, JsonElement? Value, ErrorCode? Code, string? Message)
{
    public const string FileName = "outcome.json";

    /// <summary>Stopped on request (build_cancel with the job id, or SIGTERM), rather than failed.</summary>
    public bool Cancelled { get; init; }

    public static JobOutcome From<T>(Outcome<T> outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return outcome.Succeeded
            ? new JobOutcome(true, JsonSerializer.SerializeToElement(outcome.Value, JobJson.TypeInfo<T>()), null, null)
            : Failed(outcome.Error.Code, outcome.Error.Message);
    }

    public static JobOutcome Failed(ErrorCode code, string message) => new(false, null, code, message);

    /// <summary>The phase's outcome again; a result that cannot be read back is a failure saying so.</summary>
    public Outcome<T> To<T>(string phase)
    {
        if (!Succeeded || Value is not { } value)
        {
            return Outcome<T>.Failure(Code ?? ErrorCode.Conflict, Message ?? $"The {phase} job failed without a reason.");
        }

        try
        {
            return value.Deserialize(JobJson.TypeInfo<T>()) is { } result
                ? Outcome<T>.Success(result)
                : Outcome<T>.Failure(ErrorCode.Conflict, $"The {phase} job finished, but its result is empty.");
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException)
        {
            return Outcome<T>.Failure(ErrorCode.Conflict, $"The {phase} job finished, but its result could not be read back ({ex.Message}); its documents are in the session folder.");
        }
    }

    /// <summary>Written once: the first end recorded stands.</summary>
    public static void Write(string jobDirectory, JobOutcome outcome)
    {
        var path = Path.Combine(jobDirectory, FileName);
        if (!File.Exists(path))
        {
            AtomicFile.WriteAllText(path, JsonSerializer.Serialize(outcome, JobJson.TypeInfo<JobOutcome>()));
        }
    }

    public static JobOutcome? Read(string jobDirectory)
    {
        var path = Path.Combine(jobDirectory, FileName);
        try
        {
            return File.Exists(path) ? JsonSerializer.Deserialize(File.ReadAllText(path), JobJson.TypeInfo<JobOutcome>()) : null;
        }
        catch (Exception ex) when (ex is JsonException or IOException)
        {
            return null;
        }
    }
}
