using System.Text.Json;
using System.Text.Json.Serialization;
using Orchestrator.McpServer.Tools.Arguments;
using Orchestrator.McpServer.Tools.Results;

namespace Orchestrator.McpServer.Tools;

/// <summary>
/// The tool results' JSON, generated at compile time: no reflection at run time, which the native (AOT) build requires.
/// A new result type returned through <see cref="ToolResults.Structured{T}"/> must be listed here.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.Never, WriteIndented = false)]
[JsonSerializable(typeof(AgentJobNextToolResult))]
[JsonSerializable(typeof(AgentJobSubmitToolResult))]
[JsonSerializable(typeof(ApproveToolResult))]
[JsonSerializable(typeof(BuildResultToolResult))]
[JsonSerializable(typeof(BuildStatusToolResult))]
[JsonSerializable(typeof(CloseToolResult))]
[JsonSerializable(typeof(DivideToolResult))]
[JsonSerializable(typeof(PlanToolResult))]
[JsonSerializable(typeof(RunStateToolResult))]
[JsonSerializable(typeof(SessionStartToolResult))]
[JsonSerializable(typeof(SessionStatusToolResult))]
[JsonSerializable(typeof(SessionEndToolResult))]
[JsonSerializable(typeof(QualityGateToolResult))]
[JsonSerializable(typeof(SpecToolResult))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(string[][]))]
[JsonSerializable(typeof(AngleArgument[]))]
[JsonSerializable(typeof(ChunkArgument[]))]
internal sealed partial class ToolJsonContext : JsonSerializerContext;
