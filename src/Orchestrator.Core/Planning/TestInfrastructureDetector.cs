using System.Text.Json;
using System.Text.RegularExpressions;

namespace Orchestrator.Core.Planning;

/// <summary>
/// Detects test infrastructure from the list of tracked files (git ls-files output) and a reader for manifests, so it
/// is deterministic and needs no git or agent. Each probe reports at most its first few hits as evidence.
/// </summary>
public static partial class TestInfrastructureDetector
{
    private const int MaxHitsPerProbe = 3;

    private static readonly HashSet<string> TestFolderNames = new(StringComparer.Ordinal) { "test", "tests", "__tests__" };

    /// <summary>
    /// Runs every probe. <paramref name="readFile"/> gets a repository-relative path and returns its text, or null when
    /// it cannot be read.
    /// </summary>
    public static TestInfrastructureReport Detect(IReadOnlyList<string> trackedFiles, Func<string, string?> readFile)
    {
        ArgumentNullException.ThrowIfNull(trackedFiles);
        ArgumentNullException.ThrowIfNull(readFile);

        var hits = new List<TestProbeHit>();
        var counts = new Dictionary<TestProbe, int>();

        void Add(TestProbe probe, string path, string detail)
        {
            var count = counts.GetValueOrDefault(probe);
            if (count < MaxHitsPerProbe)
            {
                hits.Add(new TestProbeHit(probe, path, detail));
            }

            counts[probe] = count + 1;
        }

        foreach (var raw in trackedFiles)
        {
            var path = raw.Replace('\\', '/').Trim();
            if (path.Length == 0 || IsVendored(path))
            {
                continue;
            }

            var segments = path.Split('/');
            var fileName = segments[^1];
            var folder = segments[..^1].FirstOrDefault(TestFolderNames.Contains);
            if (folder is not null)
            {
                Add(TestProbe.TestFolder, path, $"file under a {folder}/ folder");
            }

            if (TestFileNamePattern().IsMatch(fileName))
            {
                Add(TestProbe.TestFileName, path, "test file name");
            }

            if (path.StartsWith(".github/workflows/", StringComparison.Ordinal) && segments.Length == 3)
            {
                Add(TestProbe.CiWorkflow, path, "CI workflow");
            }

            switch (fileName)
            {
                case "package.json":
                    var script = ReadTestScript(readFile(path));
                    if (script is not null)
                    {
                        Add(TestProbe.PackageJsonTestScript, path, $"\"test\" script: {script}");
                    }

                    break;
                case "Cargo.toml":
                    Add(TestProbe.CargoManifest, path, "Rust crate (cargo test)");
                    break;
                case "pyproject.toml":
                    Add(TestProbe.PyprojectManifest, path, "Python project manifest");
                    break;
                case "go.mod":
                    Add(TestProbe.GoModule, path, "Go module (go test)");
                    break;
            }

            if (fileName.EndsWith(".csproj", StringComparison.OrdinalIgnoreCase))
            {
                if (fileName.EndsWith(".Tests.csproj", StringComparison.OrdinalIgnoreCase))
                {
                    Add(TestProbe.DotNetTestProject, path, ".NET test project (*.Tests.csproj)");
                }
                else if (TestFrameworkReference().Match(readFile(path) ?? string.Empty) is { Success: true } match)
                {
                    Add(TestProbe.DotNetTestProject, path, $".NET project referencing {match.Groups["package"].Value}");
                }
            }
        }

        return new TestInfrastructureReport(hits.Count > 0, hits);
    }

    private static bool IsVendored(string path) =>
        path.StartsWith("node_modules/", StringComparison.Ordinal) || path.Contains("/node_modules/", StringComparison.Ordinal)
        || path.StartsWith("vendor/", StringComparison.Ordinal) || path.Contains("/vendor/", StringComparison.Ordinal);

    private static string? ReadTestScript(string? packageJson)
    {
        if (string.IsNullOrWhiteSpace(packageJson))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(packageJson);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("scripts", out var scripts)
                && scripts.ValueKind == JsonValueKind.Object
                && scripts.TryGetProperty("test", out var test)
                && test.ValueKind == JsonValueKind.String)
            {
                var text = test.GetString()!;

                // npm init writes a placeholder test script that only fails; it is not a test suite.
                return string.IsNullOrWhiteSpace(text) || text.Contains("no test specified", StringComparison.OrdinalIgnoreCase) ? null : text;
            }
        }
        catch (JsonException)
        {
            // An unparsable manifest proves nothing either way.
        }

        return null;
    }

    [GeneratedRegex(@"(_test\.(go|py|rs)|\.test\.(ts|tsx|js|jsx))$", RegexOptions.CultureInvariant)]
    private static partial Regex TestFileNamePattern();

    [GeneratedRegex(@"Include\s*=\s*""(?<package>(xunit[\w.]*|nunit[\w.]*|MSTest[\w.]*|Microsoft\.NET\.Test\.Sdk))""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TestFrameworkReference();
}
