namespace Orchestrator.Core.Agents.Answers;

/// <summary>Reviewer finding severity: blocker = broken/wrong/tests fail, must fix; concern = should consider; nit = trivial.</summary>
public enum FindingSeverity
{
    Blocker,
    Concern,
    Nit,
}
