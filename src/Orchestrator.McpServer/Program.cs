using Orchestrator.McpServer.Hosting;

// --help and --version print to stdout like any command; serving switches stdout over to MCP (see StdioServer).
return await ServerCommandLine.Create().Parse(args).InvokeAsync().ConfigureAwait(false);
