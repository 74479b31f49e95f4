using Orchestrator.Core.Common;

namespace Orchestrator.Core.Tests.Common;

public sealed class RealPathsTests : IDisposable
{
    private readonly string root = Path.Combine(Path.GetTempPath(), "realpaths-tests", Guid.NewGuid().ToString("N"));

    public RealPathsTests() => Directory.CreateDirectory(root);

    [Fact]
    public void A_plain_path_inside_its_folder_is_confined_even_when_it_does_not_exist_yet()
    {
        var folder = Directory.CreateDirectory(Path.Combine(root, "runs")).FullName;

        Assert.Null(RealPaths.ConfinementProblem(folder, Path.Combine(folder, "run-1", "logs", "c1-1.log")));
        Assert.Equal(Path.Combine(folder, "x"), RealPaths.Confined(folder, Path.Combine(folder, "x")));
    }

    [Fact]
    public void Dot_dot_and_absolute_escapes_are_refused()
    {
        var folder = Directory.CreateDirectory(Path.Combine(root, "runs")).FullName;

        Assert.NotNull(RealPaths.ConfinementProblem(folder, Path.Combine(folder, "..", "pwn")));
        Assert.Throws<PathEscapeException>(() => RealPaths.Confined(folder, "/tmp/pwn"));
    }

    [Fact]
    public void A_symlinked_folder_on_the_way_is_resolved_and_refused()
    {
        var folder = Directory.CreateDirectory(Path.Combine(root, "runs")).FullName;
        var outside = Directory.CreateDirectory(Path.Combine(root, "outside")).FullName;
        Directory.CreateSymbolicLink(Path.Combine(folder, "logs"), outside);

        var problem = RealPaths.ConfinementProblem(folder, Path.Combine(folder, "logs", "c1-1.log"));

        Assert.NotNull(problem);
        Assert.Contains("through a symbolic link", problem, StringComparison.Ordinal);
        Assert.Equal(Path.Combine(outside, "c1-1.log"), RealPaths.Resolve(Path.Combine(folder, "logs", "c1-1.log")));
    }

    [Fact]
    public void A_folder_that_is_itself_reached_through_a_link_is_compared_by_its_real_path()
    {
        var real = Directory.CreateDirectory(Path.Combine(root, "real")).FullName;
        var alias = Path.Combine(root, "alias");
        Directory.CreateSymbolicLink(alias, real);

        Assert.Null(RealPaths.ConfinementProblem(alias, Path.Combine(alias, "a", "b")));
    }

    [Fact]
    public void A_link_loop_is_an_error_not_a_hang()
    {
        var a = Path.Combine(root, "a");
        var b = Path.Combine(root, "b");
        Directory.CreateSymbolicLink(a, b);
        Directory.CreateSymbolicLink(b, a);

        Assert.Throws<PathEscapeException>(() => RealPaths.Resolve(Path.Combine(a, "x")));
    }

    public void Dispose() => Directory.Delete(root, recursive: true);
}
