using System.Runtime.InteropServices;
using Orchestrator.Core.Build.Runs;

namespace Orchestrator.McpServer.Hosting.Worker;

/// <summary>How this program starts itself as a worker, whichever way it was started (apphost, <c>dotnet x.dll</c>, a .NET tool, a test host).</summary>
internal static class WorkerCommands
{
    public static WorkerCommand ForThisProgram()
    {
        // The managed build's entry assembly beside this process (Assembly.Location is empty in single-file and native
        // builds, and the analyzers reject it); the native binary has no such file and is the program itself.
        var assembly = Path.Combine(AppContext.BaseDirectory, typeof(WorkerCommands).Assembly.GetName().Name + ".dll");
        if (!File.Exists(assembly))
        {
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
