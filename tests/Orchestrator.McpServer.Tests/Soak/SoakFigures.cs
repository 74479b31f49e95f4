using System.Globalization;
using System.Text;

namespace Orchestrator.McpServer.Tests.Soak;

/// <summary>What the soak did and found; printed to the test output and, with SOAK_REPORT, to a file.</summary>
internal sealed class SoakFigures
{
    public int Sessions { get; set; }

    public int Chunks { get; set; }

    public int ServerKills { get; set; }

    public int ServerKillsDuringCalls { get; set; }

    public int WorkerKills { get; set; }

    public int Resumes { get; set; }

    public int ServersStarted { get; set; }

    public int AttemptsStarted { get; set; }

    public int AttemptsFinished { get; set; }

    public int AgentInvocations { get; set; }

    public int InterruptedAttemptsRerun { get; set; }

    public int Lost { get; set; }

    /// <summary>Finished runs whose last worker never settled them (killed after run.finished): a reading server did.</summary>
    public int SettledByReader { get; set; }

    public int Duplicated { get; set; }

    public TimeSpan WallTime { get; set; }

    public int Seed { get; set; }

    public string ToMarkdown()
    {
        var rows = new (string Name, string Value)[]
        {
            ("seed", Seed.ToString(CultureInfo.InvariantCulture)),
            ("sessions (one build run each)", Sessions.ToString(CultureInfo.InvariantCulture)),
            ("chunks", Chunks.ToString(CultureInfo.InvariantCulture)),
            ("stdio servers started", ServersStarted.ToString(CultureInfo.InvariantCulture)),
            ("kill -9 of the server (between calls / during a build_status poll)", $"{ServerKills} ({ServerKills - ServerKillsDuringCalls} / {ServerKillsDuringCalls})"),
            ("kill -9 of a build worker", WorkerKills.ToString(CultureInfo.InvariantCulture)),
            ("build_resume", Resumes.ToString(CultureInfo.InvariantCulture)),
            ("attempts started / finished (journals)", $"{AttemptsStarted} / {AttemptsFinished}"),
            ("executor agent invocations (the agents' own log)", AgentInvocations.ToString(CultureInfo.InvariantCulture)),
            ("interrupted attempts run again", InterruptedAttemptsRerun.ToString(CultureInfo.InvariantCulture)),
            ("lost work (chunk not applied exactly once)", Lost.ToString(CultureInfo.InvariantCulture)),
            ("duplicated work (finished attempt run again, or agent run without a journalled start)", Duplicated.ToString(CultureInfo.InvariantCulture)),
            ("runs no worker logged settling (killed after run.finished): settled by a reading server", SettledByReader.ToString(CultureInfo.InvariantCulture)),
            ("wall time", $"{WallTime.TotalSeconds:0} s"),
        };
        var text = new StringBuilder("| figure | value |\n|---|---:|\n");
        foreach (var (name, value) in rows)
        {
            text.Append(CultureInfo.InvariantCulture, $"| {name} | {value} |\n");
        }

        return text.ToString();
    }
}
