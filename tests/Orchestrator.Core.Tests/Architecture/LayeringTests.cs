using NetArchTest.Rules;
using Orchestrator.Core.Common;

namespace Orchestrator.Core.Tests.Architecture;

/// <summary>
/// Pins Core's layers, bottom-up: a namespace may use the ones before it, never one after it, so a cycle fails the
/// build. NetArchTest reads the compiled IL (Mono.Cecil), so a reference only inside a method body counts as well as
/// one in a field, property, signature or base type.
/// </summary>
public sealed class LayeringTests
{
    private const string Root = "Orchestrator.Core";

    /// <summary>
    /// The layers, lowest first. Trackers sit beside Close: they may use only what is below Close, and Close may use
    /// them; in a single order that is "just below Close".
    /// </summary>
    public static readonly IReadOnlyList<string> Layers =
        ["Common", "Processes", "Git", "Options", "Agents", "Sessions", "Planning", "Build", "Gates", "Trackers", "Close"];

    private static readonly Types Core = Types.InAssembly(typeof(Outcome<>).Assembly);

    public static TheoryData<string> LayerNames() => [.. Layers];

    [Theory]
    [MemberData(nameof(LayerNames))]
    public void A_layer_uses_no_layer_above_it(string layer)
    {
        var violations = new List<string>();
        foreach (var higher in Layers.Skip(Layers.ToList().IndexOf(layer) + 1))
        {
            var result = Core.That().ResideInNamespace($"{Root}.{layer}")
                .ShouldNot().HaveDependencyOn($"{Root}.{higher}")
                .GetResult();
            violations.AddRange((result.FailingTypeNames ?? []).Select(type => $"{type} uses {Root}.{higher}"));
        }

        Assert.True(violations.Count == 0, $"{Root}.{layer} may use only the layers below it:\n" + string.Join("\n", violations));
    }

    [Fact]
    public void Every_namespace_of_core_belongs_to_a_layer()
    {
        var unplaced = typeof(Outcome<>).Assembly.GetTypes()
            .Select(t => t.Namespace)
            .OfType<string>()
            .Where(ns => ns.StartsWith(Root + ".", StringComparison.Ordinal))
            .Select(ns => ns[(Root.Length + 1)..].Split('.')[0])
            .Distinct()
            .Where(top => !Layers.Contains(top))
            .ToList();

        Assert.True(unplaced.Count == 0, "Namespaces outside the layer order (add them to Layers where they belong): " + string.Join(", ", unplaced));
    }

    [Fact]
    public void Core_never_uses_the_server_or_the_mcp_sdk()
    {
        var assembly = typeof(Outcome<>).Assembly;
        var referenced = assembly.GetReferencedAssemblies().Select(a => a.Name ?? "").ToList();
        var result = Core.Should().NotHaveDependencyOnAny("Orchestrator.McpServer", "ModelContextProtocol").GetResult();

        Assert.DoesNotContain(referenced, name => name.StartsWith("Orchestrator.McpServer", StringComparison.Ordinal));
        Assert.DoesNotContain(referenced, name => name.StartsWith("ModelContextProtocol", StringComparison.Ordinal));
        Assert.True(result.IsSuccessful, "Core types that use the server or the MCP SDK: " + string.Join(", ", result.FailingTypeNames ?? []));
    }
}
