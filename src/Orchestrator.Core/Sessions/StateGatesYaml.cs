using YamlDotNet.RepresentationModel;
using static Orchestrator.Core.Sessions.StateYaml;

namespace Orchestrator.Core.Sessions;

/// <summary>STATE.md's <c>gates</c> mapping: one entry per gate with its status, decision, who decided, note, time and subject.</summary>
internal static class StateGatesYaml
{
    public static YamlMappingNode Format(SessionGates gates)
    {
        var node = new YamlMappingNode();
        Add(node, "plan", FormatGate(gates.Plan));
        Add(node, "build", FormatGate(gates.Build));
        Add(node, "concerns", FormatGate(gates.Concerns));
        if (gates.Failures.Status != GateState.NotOpened)
        {
            // Written once it has opened, so STATE.md of sessions that never had a failure stays as it was.
            Add(node, "failures", FormatGate(gates.Failures));
        }

        if (gates.Publish.Status != GateState.NotOpened)
        {
            // Written once close opens it, so sessions that never reach close keep their STATE.md as before.
            Add(node, "publish", FormatGate(gates.Publish));
        }

        return node;
    }

    private static YamlMappingNode FormatGate(GateState gate)
    {
        var node = new YamlMappingNode();
        Add(node, "status", Text(gate.Status));
        if (gate.Decision is not null)
        {
            Add(node, "decision", Text(gate.Decision));
        }

        if (gate.DecidedBy is not null)
        {
            Add(node, "decided-by", Text(gate.DecidedBy));
        }

        if (gate.Note is not null)
        {
            Add(node, "note", Text(gate.Note));
        }

        if (gate.DecidedAt is { } at)
        {
            Add(node, "decided-at", Plain(FormatTime(at)));
        }

        if (gate.Subject is not null)
        {
            Add(node, "subject", Text(gate.Subject));
        }

        return node;
    }

    public static SessionGates Parse(YamlMappingNode map)
    {
        if (!map.Children.TryGetValue(new YamlScalarNode("gates"), out var node) || node is not YamlMappingNode gates)
        {
            return SessionGates.Initial;
        }

        return new SessionGates(ParseGate(gates, "plan"), ParseGate(gates, "build"), ParseGate(gates, "concerns")) { Failures = ParseGate(gates, "failures"), Publish = ParseGate(gates, "publish") };
    }

    private static GateState ParseGate(YamlMappingNode gates, string name)
    {
        if (!gates.Children.TryGetValue(new YamlScalarNode(name), out var node) || node is not YamlMappingNode gate)
        {
            return GateState.Initial;
        }

        return new GateState(
            Scalar(gate, "status") ?? GateState.NotOpened,
            Scalar(gate, "decision"),
            Scalar(gate, "decided-by"),
            Scalar(gate, "note"),
            Scalar(gate, "decided-at") is { } at ? ParseTime(at, $"gates.{name}.decided-at") : null,
            Scalar(gate, "subject"));
    }
}
