using System.Text.Json;

namespace Orchestrator.Core.Options;

/// <summary>
/// The repository's test, typecheck and lint commands: the configured ones (<c>commands:</c> in config.yaml) win;
/// a missing one is detected from the repository's manifests (dotnet, npm, cargo, go, pytest), only where the
/// repository clearly has it. Reads files only; runs nothing.
/// </summary>
public static class ProjectCommandDetector
{
    /// <summary>The npm default "test" script, which only fails.</summary>
    private const string NpmPlaceholderTest = "no test specified";

    /// <summary>Configured commands, completed by detection in <paramref name="directory"/> for the ones not configured.</summary>
    public static ResolvedProjectCommands Resolve(ProjectCommands? configured, string directory)
    {
        var detected = Detect(directory);
        return new ResolvedProjectCommands(
            Configured("test", configured?.Test) ?? detected.Test,
            Configured("typecheck", configured?.Typecheck) ?? detected.Typecheck,
            Configured("lint", configured?.Lint) ?? detected.Lint);
    }

    /// <summary>Only what the repository in <paramref name="directory"/> shows; the first ecosystem found wins per kind.</summary>
    public static ResolvedProjectCommands Detect(string directory)
    {
        ProjectCommand? test = null, typecheck = null, lint = null;
        void Offer(ref ProjectCommand? slot, string kind, string command, string evidence) =>
            slot ??= new ProjectCommand(kind, command, "detected: " + evidence);

        if (!Directory.Exists(directory))
        {
            return new ResolvedProjectCommands(null, null, null);
        }

        var dotnet = TopLevel(directory, "*.sln").Concat(TopLevel(directory, "*.slnx")).Concat(TopLevel(directory, "*.csproj")).FirstOrDefault();
        if (dotnet is not null)
        {
            Offer(ref test, "test", "dotnet test", Path.GetFileName(dotnet));
            Offer(ref typecheck, "typecheck", "dotnet build", Path.GetFileName(dotnet));
        }

        var packageJson = Path.Combine(directory, "package.json");
        if (File.Exists(packageJson))
        {
            var scripts = NpmScripts(packageJson);
            if (scripts.TryGetValue("test", out var testScript) && !testScript.Contains(NpmPlaceholderTest, StringComparison.Ordinal))
            {
                Offer(ref test, "test", "npm test", "package.json scripts.test");
            }

            if (scripts.ContainsKey("typecheck"))
            {
                Offer(ref typecheck, "typecheck", "npm run typecheck", "package.json scripts.typecheck");
            }
            else if (File.Exists(Path.Combine(directory, "tsconfig.json")))
            {
                Offer(ref typecheck, "typecheck", "npx tsc --noEmit", "tsconfig.json");
            }

            if (scripts.ContainsKey("lint"))
            {
                Offer(ref lint, "lint", "npm run lint", "package.json scripts.lint");
            }
        }

        if (File.Exists(Path.Combine(directory, "Cargo.toml")))
        {
            Offer(ref test, "test", "cargo test", "Cargo.toml");
            Offer(ref typecheck, "typecheck", "cargo check", "Cargo.toml");
        }

        if (File.Exists(Path.Combine(directory, "go.mod")))
        {
            Offer(ref test, "test", "go test ./...", "go.mod");
            Offer(ref typecheck, "typecheck", "go vet ./...", "go.mod");
            if (TopLevel(directory, ".golangci.y*ml").Any())
            {
                Offer(ref lint, "lint", "golangci-lint run", ".golangci.yml");
            }
        }

        var pyproject = Path.Combine(directory, "pyproject.toml");
        var pyprojectText = File.Exists(pyproject) ? SafeRead(pyproject) : "";
        var pytestEvidence = pyprojectText.Contains("[tool.pytest", StringComparison.Ordinal) ? "pyproject.toml [tool.pytest]"
            : File.Exists(Path.Combine(directory, "pytest.ini")) ? "pytest.ini"
            : File.Exists(Path.Combine(directory, "conftest.py")) ? "conftest.py"
            : (File.Exists(pyproject) || File.Exists(Path.Combine(directory, "setup.py"))) && HasPythonTests(directory) ? "test_*.py files"
            : null;
        if (pytestEvidence is not null)
        {
            Offer(ref test, "test", "pytest", pytestEvidence);
        }

        if (pyprojectText.Contains("[tool.mypy", StringComparison.Ordinal) || File.Exists(Path.Combine(directory, "mypy.ini")))
        {
            Offer(ref typecheck, "typecheck", "mypy .", "mypy configuration");
        }

        if (pyprojectText.Contains("[tool.ruff", StringComparison.Ordinal) || File.Exists(Path.Combine(directory, "ruff.toml")))
        {
            Offer(ref lint, "lint", "ruff check .", "ruff configuration");
        }

        return new ResolvedProjectCommands(test, typecheck, lint);
    }

    private static ProjectCommand? Configured(string kind, string? command) =>
        string.IsNullOrWhiteSpace(command) ? null : new ProjectCommand(kind, command.Trim(), "config");

    private static IEnumerable<string> TopLevel(string directory, string pattern) =>
        Directory.EnumerateFiles(directory, pattern, SearchOption.TopDirectoryOnly).Order(StringComparer.Ordinal);

    private static Dictionary<string, string> NpmScripts(string packageJson)
    {
        var scripts = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            using var document = JsonDocument.Parse(SafeRead(packageJson));
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("scripts", out var element) && element.ValueKind == JsonValueKind.Object)
            {
                foreach (var script in element.EnumerateObject())
                {
                    if (script.Value.ValueKind == JsonValueKind.String)
                    {
                        scripts[script.Name] = script.Value.GetString()!;
                    }
                }
            }
        }
        catch (JsonException)
        {
            // A broken package.json detects nothing; npm itself will say what is wrong.
        }

        return scripts;
    }

    private static bool HasPythonTests(string directory)
    {
        foreach (var folder in new[] { directory, Path.Combine(directory, "tests"), Path.Combine(directory, "test") })
        {
            if (Directory.Exists(folder)
                && (Directory.EnumerateFiles(folder, "test_*.py").Any() || Directory.EnumerateFiles(folder, "*_test.py").Any()))
            {
                return true;
            }
        }

        return false;
    }

    private static string SafeRead(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (IOException)
        {
            return "";
        }
    }
}
