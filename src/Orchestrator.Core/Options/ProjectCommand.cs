namespace Orchestrator.Core.Options;

/// <summary>One check command of a repository: what it checks, the shell command, and where it came from.</summary>
/// <param name="Kind"><c>test</c>, <c>typecheck</c> or <c>lint</c>.</param>
/// <param name="Command">Run through <c>sh -c</c> in the tree being checked.</param>
/// <param name="Source"><c>config</c> (commands: in config.yaml) or <c>detected: &lt;evidence&gt;</c>.</param>
public sealed record ProjectCommand(string Kind, string Command, string Source);
