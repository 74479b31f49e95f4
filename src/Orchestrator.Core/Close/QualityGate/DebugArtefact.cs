
namespace Orchestrator.Core.Close.QualityGate;

/// <summary>A debug leftover on an added line: file, line, what matched, and the line itself.</summary>
public sealed record DebugArtefact(string File, int Line, string Pattern, string Text);
