namespace Orchestrator.Bench;

/// <summary>A server <see cref="CallsBenchmark"/> starts, the tool it calls, and a call made once before measuring (e.g. a session to show).</summary>
internal sealed record CallsBenchmarkServer(string Label, IReadOnlyList<string> Command, string? Tool, string? Arguments, string? SetupTool, string? SetupArguments);
