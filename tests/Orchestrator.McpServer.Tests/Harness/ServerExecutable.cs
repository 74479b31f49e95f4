namespace Orchestrator.McpServer.Tests.Harness;

/// <summary>The built server next to the tests (a project reference copies it here) and the repository root.</summary>
internal static class ServerExecutable
{
    public static string DllPath { get; } = Path.Combine(AppContext.BaseDirectory, "Orchestrator.McpServer.dll");

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Orchestrator.McpServer.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Orchestrator.McpServer.sln not found above " + AppContext.BaseDirectory);
    }
}
