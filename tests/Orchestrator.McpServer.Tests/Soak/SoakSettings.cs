using System.Globalization;

namespace Orchestrator.McpServer.Tests.Soak;

/// <summary>
/// The soak's size, from the environment so a manual run can go bigger than CI: <c>SOAK_SESSIONS</c> (default 24, about 2.5 minutes on a loaded 2-core machine),
/// <c>SOAK_CHUNKS</c> per session (2), <c>SOAK_CONCURRENT</c> runs at once (4), <c>SOAK_SEED</c> (20261130),
/// <c>SOAK_REPORT</c> (a file the figures are also written to).
/// </summary>
internal sealed record SoakSettings(int Sessions, int ChunksPerSession, int Concurrent, int Seed, string? ReportPath)
{
    public static SoakSettings FromEnvironment() => new(
        Read("SOAK_SESSIONS", 24),
        Read("SOAK_CHUNKS", 2),
        Read("SOAK_CONCURRENT", 4),
        Read("SOAK_SEED", 20261130),
        Environment.GetEnvironmentVariable("SOAK_REPORT") is { Length: > 0 } path ? path : null);

    private static int Read(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value > 0 ? value : fallback;
}
