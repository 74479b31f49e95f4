using System.Text.Json;

namespace Orchestrator.Core.Build.Journal;

/// <summary>One journal line: <c>{ seq, ts, type, ...payload }</c>. <see cref="Data"/> is the whole line.</summary>
public sealed record RunEvent(long Seq, DateTimeOffset Timestamp, string Type, JsonElement Data);
