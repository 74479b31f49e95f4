using Orchestrator.Core.Planning;

namespace Orchestrator.Core.Tests.Planning;

public sealed class TestInfrastructureDetectorTests
{
    private static TestInfrastructureReport Detect(string[] files, Dictionary<string, string>? contents = null) =>
        TestInfrastructureDetector.Detect(files, path => contents is not null && contents.TryGetValue(path, out var text) ? text : null);

    [Theory]
    [InlineData("tests/test_app.py", TestProbe.TestFolder)]
    [InlineData("pkg/test/helpers.js", TestProbe.TestFolder)]
    [InlineData("web/__tests__/App.jsx", TestProbe.TestFolder)]
    [InlineData("cmd/server_test.go", TestProbe.TestFileName)]
    [InlineData("src/lib_test.rs", TestProbe.TestFileName)]
    [InlineData("app/util_test.py", TestProbe.TestFileName)]
    [InlineData("src/button.test.tsx", TestProbe.TestFileName)]
    [InlineData("src/button.test.js", TestProbe.TestFileName)]
    [InlineData(".github/workflows/ci.yml", TestProbe.CiWorkflow)]
    [InlineData("Cargo.toml", TestProbe.CargoManifest)]
    [InlineData("pyproject.toml", TestProbe.PyprojectManifest)]
    [InlineData("go.mod", TestProbe.GoModule)]
    [InlineData("tests/App.Tests/App.Tests.csproj", TestProbe.DotNetTestProject)]
    public void Each_probe_hits_on_its_evidence(string path, TestProbe probe)
    {
        var report = Detect([path, "README.md"]);

        Assert.True(report.TestsRequired);
        Assert.Contains(report.Evidence, h => h.Probe == probe && h.Path == path);
    }

    [Fact]
    public void A_package_json_needs_a_real_test_script()
    {
        var real = Detect(["package.json"], new() { ["package.json"] = """{"scripts":{"test":"vitest run"}}""" });
        var placeholder = Detect(["package.json"], new() { ["package.json"] = """{"scripts":{"test":"echo \"Error: no test specified\" && exit 1"}}""" });
        var none = Detect(["package.json"], new() { ["package.json"] = """{"scripts":{"build":"tsc"}}""" });
        var broken = Detect(["package.json"], new() { ["package.json"] = "{not json" });

        Assert.Equal("\"test\" script: vitest run", Assert.Single(real.Evidence).Detail);
        Assert.False(placeholder.TestsRequired);
        Assert.False(none.TestsRequired);
        Assert.False(broken.TestsRequired);
    }

    [Fact]
    public void A_csproj_referencing_a_test_framework_is_a_test_project()
    {
        var contents = new Dictionary<string, string>
        {
            ["src/App/App.csproj"] = """<Project><ItemGroup><PackageReference Include="Serilog" /></ItemGroup></Project>""",
            ["check/Checks.csproj"] = """<Project><ItemGroup><PackageReference Include="Microsoft.NET.Test.Sdk" /><PackageReference Include="xunit.v3" /></ItemGroup></Project>""",
        };

        var report = Detect(["src/App/App.csproj", "check/Checks.csproj"], contents);

        var hit = Assert.Single(report.Evidence);
        Assert.Equal((TestProbe.DotNetTestProject, "check/Checks.csproj"), (hit.Probe, hit.Path));
        Assert.Contains("Microsoft.NET.Test.Sdk", hit.Detail);
    }

    [Fact]
    public void No_probe_hits_means_tests_are_not_required()
    {
        var report = Detect(["README.md", "src/app.ts", "src/contest.ts", "node_modules/x/test/a.js", ".github/CODEOWNERS", "docs/testing.md"]);

        Assert.False(report.TestsRequired);
        Assert.Empty(report.Evidence);
    }

    [Fact]
    public void Evidence_is_capped_per_probe()
    {
        var report = Detect(Enumerable.Range(0, 10).Select(i => $"tests/t{i}.py").ToArray());

        Assert.Equal(3, report.Evidence.Count);
    }
}
