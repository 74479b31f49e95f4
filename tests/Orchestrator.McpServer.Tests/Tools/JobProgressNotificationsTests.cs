using ModelContextProtocol;
using Orchestrator.Core.Close;
using Orchestrator.Core.Planning;
using Orchestrator.McpServer.Tools;

namespace Orchestrator.McpServer.Tests.Tools;

/// <summary>Structured job progress becomes MCP progress without parsing text, and never goes backwards.</summary>
public sealed class JobProgressNotificationsTests
{
    [Fact]
    public void Counted_steps_go_out_as_step_of_total_and_a_late_lower_step_is_dropped()
    {
        var sent = new List<ProgressNotificationValue>();
        var notifications = JobProgressNotifications.Stepped(new Recorder(sent));

        notifications.Report(CloseStep.VerifyPlan.ToProgress());
        notifications.Report(CloseStep.RunQualityGate.ToProgress());
        notifications.Report(CloseStep.ReviewDiff.ToProgress());
        notifications.Report(CloseStep.WriteRecords.ToProgress());

        Assert.Equal(["1/8 close: verifying the plan against the runs", "3/8 close: running the quality gate", "8/8 close: writing metrics, learnings, handover and report"],
            sent.Select(v => $"{v.Progress}/{v.Total} {v.Message}"));
    }

    [Fact]
    public void Numbered_progress_counts_the_messages_without_a_total_whatever_their_steps()
    {
        var sent = new List<ProgressNotificationValue>();
        var notifications = JobProgressNotifications.Numbered(new Recorder(sent));

        notifications.Report(new JobProgress("research: 0/2 angles done", 0, 2));
        notifications.Report(new JobProgress("research: 2/2 angles done (b)", 2, 2));
        notifications.Report(new JobProgress("research: 1/2 angles done (a)", 1, 2));
        notifications.Report(JobProgress.Indeterminate("plan: the planning agent is working"));

        Assert.Equal(["1/ research: 0/2 angles done", "2/ research: 2/2 angles done (b)", "3/ research: 1/2 angles done (a)", "4/ plan: the planning agent is working"],
            sent.Select(v => $"{v.Progress}/{v.Total} {v.Message}"));
    }

    private sealed class Recorder(List<ProgressNotificationValue> sent) : IProgress<ProgressNotificationValue>
    {
        public void Report(ProgressNotificationValue value) => sent.Add(value);
    }
}
