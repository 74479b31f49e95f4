using Orchestrator.Testing.FakeModelApis;
using Orchestrator.Testing;

namespace Orchestrator.Core.Tests.AgentClis;

/// <summary>What every real-CLI test needs to prove it stayed on loopback: a started trap, and one check after the run.</summary>
internal static class AgentCliLoopback
{
    public static OutboundTrafficTrap StartTrap()
    {
        var trap = new OutboundTrafficTrap();
        trap.Start();
        return trap;
    }

    /// <summary>The fake saw only requests it scripted, and nothing reached the trap (the CLIs honour HTTPS_PROXY).</summary>
    public static void AssertStayedOnLoopback(IReadOnlyList<FakeApiRequest> unexpectedRequests, OutboundTrafficTrap trap, CliProcessResult run)
    {
        Assert.True(unexpectedRequests.Count == 0, "unexpected requests: " + string.Join(", ", unexpectedRequests.Select(r => $"{r.Method} {r.Path} -> {r.Reply}")) + "\n" + run.Describe());
        Assert.True(trap.Attempts.Count == 0, "traffic beyond the fake: " + string.Join(", ", trap.Attempts));
    }
}
