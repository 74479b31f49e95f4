namespace Orchestrator.Core.Planning;

/// <summary>The deterministic probes of test-infrastructure detection.</summary>
public enum TestProbe
{
    /// <summary>A tracked file under a <c>test/</c>, <c>tests/</c> or <c>__tests__/</c> folder.</summary>
    TestFolder,

    /// <summary>A tracked file matching <c>_test\.(go|py|rs)$</c> or <c>\.test\.(ts|tsx|js|jsx)$</c>.</summary>
    TestFileName,

    /// <summary>A tracked <c>.github/workflows/*</c> file.</summary>
    CiWorkflow,

    /// <summary>A package.json with a real "test" script.</summary>
    PackageJsonTestScript,

    /// <summary>A Cargo.toml (cargo test is built in).</summary>
    CargoManifest,

    /// <summary>A pyproject.toml.</summary>
    PyprojectManifest,

    /// <summary>A go.mod (go test is built in).</summary>
    GoModule,

    /// <summary>A *.Tests.csproj, or a csproj referencing xunit, nunit, mstest or Microsoft.NET.Test.Sdk.</summary>
    DotNetTestProject,
}
