using Orchestrator.Core.Options;

namespace Orchestrator.Core.Tests.Close;

public sealed class ProjectCommandDetectorTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "orch-detect-" + Guid.NewGuid().ToString("N"));

    public ProjectCommandDetectorTests() => Directory.CreateDirectory(_root);

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private void Write(string name, string content) => File.WriteAllText(Path.Combine(_root, name), content);

    private static string? Command(ProjectCommand? command) => command?.Command;

    [Fact]
    public void Npm_scripts_give_test_typecheck_and_lint()
    {
        Write("package.json", """{ "scripts": { "test": "vitest run", "lint": "eslint .", "typecheck": "tsc -p ." } }""");

        var found = ProjectCommandDetector.Detect(_root);

        Assert.Equal(("npm test", "npm run typecheck", "npm run lint"), (Command(found.Test), Command(found.Typecheck), Command(found.Lint)));
        Assert.Equal("detected: package.json scripts.test", found.Test!.Source);
    }

    [Fact]
    public void The_npm_placeholder_test_script_is_not_a_test_command_and_tsconfig_gives_tsc()
    {
        Write("package.json", """{ "scripts": { "test": "echo \"Error: no test specified\" && exit 1" } }""");
        Write("tsconfig.json", "{}");

        var found = ProjectCommandDetector.Detect(_root);

        Assert.Null(found.Test);
        Assert.Equal("npx tsc --noEmit", Command(found.Typecheck));
    }

    [Theory]
    [InlineData("Cargo.toml", "[package]\nname = \"x\"", "cargo test", "cargo check")]
    [InlineData("go.mod", "module example.com/x", "go test ./...", "go vet ./...")]
    [InlineData("App.sln", "", "dotnet test", "dotnet build")]
    [InlineData("pyproject.toml", "[tool.pytest.ini_options]\n[tool.mypy]", "pytest", "mypy .")]
    public void Manifests_give_their_ecosystems_commands(string file, string content, string test, string typecheck)
    {
        Write(file, content);

        var found = ProjectCommandDetector.Detect(_root);

        Assert.Equal((test, typecheck), (Command(found.Test), Command(found.Typecheck)));
    }

    [Fact]
    public void Nothing_is_detected_in_a_plain_repository()
    {
        Write("README.md", "# hi");

        Assert.Empty(ProjectCommandDetector.Detect(_root).All);
    }

    [Fact]
    public void Configured_commands_win_and_detection_fills_the_rest()
    {
        Write("Cargo.toml", "[package]");

        var resolved = ProjectCommandDetector.Resolve(new ProjectCommands { Test = "make check" }, _root);

        Assert.Equal(("make check", "config"), (resolved.Test!.Command, resolved.Test.Source));
        Assert.Equal("cargo check", Command(resolved.Typecheck));
        Assert.Equal(["typecheck", "test"], resolved.All.Select(c => c.Kind));
    }
}
