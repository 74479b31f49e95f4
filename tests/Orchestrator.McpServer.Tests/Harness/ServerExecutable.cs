using System.Diagnostics;

namespace Orchestrator.McpServer.Tests.Harness;

/// <summary>
/// The server the process-level tests start, and the repository root. By default the built DLL next to the tests (a
/// project reference copies it here), started with <c>dotnet</c>; with <see cref="EnvironmentVariable"/> set to an
/// executable (the native build, <c>artifacts/native/orchestrator-mcp</c>), that executable, so the same stdio, HTTP and
/// Inspector tests check it.
/// </summary>
internal static class ServerExecutable
{
    public const string EnvironmentVariable = "ORCHESTRATOR_SERVER_EXECUTABLE";

    public static string DllPath { get; } = Path.Combine(AppContext.BaseDirectory, "Orchestrator.McpServer.dll");

    /// <summary>
    /// The native (or other) executable under test, or null for the DLL. A relative path is the repository's
    /// (<c>.ci/run</c> passes <c>artifacts/native/orchestrator-mcp</c>), not the test host's working directory.
    /// </summary>
    public static string? Executable { get; } = Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } given ? Path.GetFullPath(given, FindRepositoryRoot()) : null;

    /// <summary>The program to start.</summary>
    public static string Command => Executable ?? "dotnet";

    /// <summary>The arguments before the server's own (the DLL for <c>dotnet</c>; none for an executable).</summary>
    public static IReadOnlyList<string> CommandPrefix => Executable is null ? [DllPath] : [];

    /// <summary>The command line as one list: <see cref="Command"/>, <see cref="CommandPrefix"/>, then <paramref name="arguments"/>.</summary>
    public static IEnumerable<string> CommandLine(params string[] arguments) => [Command, .. CommandPrefix, .. arguments];

    /// <summary>A start info for the server with <paramref name="arguments"/>, every stream redirected.</summary>
    public static ProcessStartInfo StartInfo(IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo(Command) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (var argument in CommandPrefix.Concat(arguments))
        {
            info.ArgumentList.Add(argument);
        }

        return info;
    }

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
