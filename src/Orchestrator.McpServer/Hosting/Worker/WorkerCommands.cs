using System.Runtime.InteropServices;
using Orchestrator.Core.Build.Runs;

namespace Orchestrator.McpServer.Hosting.Worker;

/// <summary>How this program starts itself as a worker, whichever way it was started (apphost, <c>dotnet x.dll</c>, a .NET tool, a test host).</summary>
internal static class WorkerCommands
{
    public static WorkerCommand ForThisProgram()
    {
        var assembly = typeof(WorkerCommands).Assembly.Location;
        if (string.IsNullOrEmpty(assembly))
        {
            // Single-file publish: the executable is the program itself.
            return new WorkerCommand(Environment.ProcessPath ?? "orchestrator-mcp", []);
        }

        // Always through the dotnet host that runs this process, so the worker runs on the same runtime: this process's
        // own path when it is `dotnet`, else the host beside the shared framework (<root>/shared/Microsoft.NETCore.App/<v>/).
        var processPath = Environment.ProcessPath;
        var muxer = processPath is not null && Path.GetFileNameWithoutExtension(processPath).Equals("dotnet", StringComparison.OrdinalIgnoreCase)
            ? processPath
            : Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", "..", OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet"));
        return File.Exists(muxer)
            ? new WorkerCommand(muxer, [assembly])
            : new WorkerCommand("dotnet", [assembly]);
    }
}
