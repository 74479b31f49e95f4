using System.Text.Json;
using System.Text.Json.Serialization;
using Orchestrator.McpServer.Dashboard.Views;

namespace Orchestrator.McpServer.Dashboard;

/// <summary>The dashboard API's JSON, generated at compile time (no reflection at run time, as the native build requires).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(DashboardOverview))]
[JsonSerializable(typeof(DashboardRun))]
[JsonSerializable(typeof(DashboardGateDecision))]
[JsonSerializable(typeof(GateDecisionRequest))]
[JsonSerializable(typeof(DashboardSessionDocuments))]
[JsonSerializable(typeof(DashboardRunControl))]
[JsonSerializable(typeof(List<string>))]
internal sealed partial class DashboardJsonContext : JsonSerializerContext;
