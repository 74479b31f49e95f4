using Orchestrator.McpServer.Hosting;

// On stdio, stdout is the MCP channel: anything else written there would corrupt it, so stray Console.Write calls go
// to stderr. The transport writes to the raw stdout stream, which this does not affect.
Console.SetOut(Console.Error);
return await ServerCommandLine.Create().Parse(args).InvokeAsync().ConfigureAwait(false);
