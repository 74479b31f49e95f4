namespace Orchestrator.Core.Build.Runs;

/// <summary>
/// How to start this program as a worker: the executable and the arguments before the worker's own (for
/// <c>dotnet Orchestrator.McpServer.dll run ...</c>: <c>dotnet</c> and the dll). The server decides it; Core only uses it.
/// </summary>
public sealed record WorkerCommand(string FileName, IReadOnlyList<string> LeadingArguments);
