namespace Orchestrator.Core.Tests;

public sealed class PlaceholderTests
{
    [Fact]
    public void Builds() => Assert.True(typeof(PlaceholderTests).Assembly.GetName().Name == "Orchestrator.Core.Tests");
}
