using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Orchestrator.Testing.FakeModelApis;

/// <summary>
/// Lets a scripted tool call name a path in the agent's working directory before that directory exists (the
/// orchestrator creates a fresh worktree per attempt): <c>{cwd}</c> in a tool input is replaced, when the turn is
/// served, with the directory Claude reports in its system prompt ("Primary working directory: ...").
/// </summary>
public static partial class WorkingDirectoryPlaceholder
{
    /// <summary>The placeholder.</summary>
    public const string Token = "{cwd}";

    /// <summary><paramref name="turn"/> with <see cref="Token"/> replaced, or unchanged when it has none or the request names no directory.</summary>
    public static FakeTurn Resolve(FakeTurn turn, JsonNode? requestBody)
    {
        if (turn is not ToolCallTurn tool || !tool.Input.ToJsonString().Contains(Token, StringComparison.Ordinal))
        {
            return turn;
        }

        // The system blocks as JSON text: a line break is the two characters "\n", where the match stops.
        var match = PrimaryDirectory().Match(requestBody?["system"]?.ToJsonString() ?? "");
        if (!match.Success)
        {
            return turn;
        }

        var directory = match.Groups[1].Value.Trim();
        var input = JsonNode.Parse(tool.Input.ToJsonString().Replace(Token, directory.Replace("\\", "\\\\", StringComparison.Ordinal), StringComparison.Ordinal))!.AsObject();
        return tool with { Input = input };
    }

    [GeneratedRegex(@"Primary working directory: ([^\\""\n]+)")]
    private static partial Regex PrimaryDirectory();
}
