namespace Orchestrator.McpServer.Tests.Fuzz;

/// <summary>One fuzz input and the server's answer.</summary>
internal sealed record FuzzOutcome(FuzzInput Input, FuzzResult Result, string Text)
{
    /// <summary>How long the server took to answer.</summary>
    public TimeSpan Elapsed { get; init; }

    /// <summary>
    /// A refusal that does not say what was wrong: the SDK's generic text, a server bug, or a text naming neither the
    /// argument that was made bad nor any argument of the call.
    /// </summary>
    public bool Vague => Result is FuzzResult.Refused or FuzzResult.InvalidParams
        && (Text.Length == 0
            || Text.Contains("An error occurred", StringComparison.OrdinalIgnoreCase)
            || Text.Contains("failed inside the server", StringComparison.Ordinal)
            || !NamesAnArgument());

    private bool NamesAnArgument()
    {
        if (Text.Contains(Input.Argument, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var names = Input.Arguments is System.Text.Json.Nodes.JsonObject arguments ? arguments.Select(a => a.Key) : [];
        return names.Any(name => Text.Contains(name, StringComparison.OrdinalIgnoreCase) || Text.Contains(name.Replace('_', ' '), StringComparison.OrdinalIgnoreCase));
    }
}
