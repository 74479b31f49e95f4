using System.Text.Json.Serialization;

namespace Orchestrator.Core.Build.Runs;

/// <summary>
/// Where a run stands as the tools and the dashboard report it (serialised snake_case). Derived in one place,
/// <see cref="RunStatusRule"/>: a new status is a value here and a line there.
/// </summary>
[JsonConverter(typeof(RunStatusJsonConverter))]
public enum RunStatus
{
    /// <summary>Executing (in this server, or for the dashboard in another live server holding the session).</summary>
    Running,

    /// <summary>The loop ran to its end and every chunk is done.</summary>
    Completed,

    /// <summary>The run could not proceed (e.g. the plan is invalid), or no chunk got anywhere.</summary>
    Failed,

    /// <summary>Cancelled by the caller; resumable.</summary>
    Cancelled,

    /// <summary>Its journal has no end and nothing executes it any more (the server that ran it stopped); resumable.</summary>
    Interrupted,

    /// <summary>No readable journal.</summary>
    Unknown,

    /// <summary>The loop ran to its end; some chunks are done, others failed, partial or not started (the failures gate asks what next).</summary>
    CompletedWithFailures,

    /// <summary>Dispatching stopped for an infrastructure reason (rate or usage limit, auth, network); build_resume continues.</summary>
    Paused,
}
