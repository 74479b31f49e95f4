namespace Orchestrator.McpServer.Tests.Soak;

/// <summary>
/// What the seeded chaos does to one session, drawn before anything runs so a seed names the same kills every time
/// (when they land depends on the machine's speed). Step numbers count the session's tool calls: session_start,
/// spec, plan, approve(plan), divide, approve(build), build_start.
/// </summary>
/// <param name="KillServerAfterStep">Kill -9 the server after this many of the session's set-up calls (null: not).</param>
/// <param name="KillWorkerAfterPolls">Kill -9 the run's worker after this many status polls of it (each kill is followed by a resume; empty: none).</param>
/// <param name="KillServerDuringPoll">Kill -9 the server while a long build_status poll of this run is in flight, after this many of its polls.</param>
/// <param name="SleepSeconds">Per chunk, how long its agent sleeps (0 to 2 s).</param>
internal sealed record SoakPlan(int? KillServerAfterStep, IReadOnlyList<int> KillWorkerAfterPolls, int? KillServerDuringPoll, IReadOnlyList<int> SleepSeconds)
{
    public const int SetUpSteps = 7;

    public static IReadOnlyList<SoakPlan> Draw(SoakSettings settings)
    {
        var random = new Random(settings.Seed);
        var plans = new List<SoakPlan>();
        for (var i = 0; i < settings.Sessions; i++)
        {
            int? serverStep = random.NextDouble() < 0.2 ? random.Next(1, SetUpSteps + 1) : null;
            var workerKills = new List<int>();
            if (random.NextDouble() < 0.45)
            {
                workerKills.Add(random.Next(0, 4));
                if (random.NextDouble() < 0.3)
                {
                    workerKills.Add(workerKills[0] + random.Next(1, 4));
                }
            }

            int? pollKill = random.NextDouble() < 0.15 ? random.Next(0, 3) : null;
            var sleeps = Enumerable.Range(0, settings.ChunksPerSession).Select(_ => random.Next(0, 3)).ToList();
            plans.Add(new SoakPlan(serverStep, workerKills, pollKill, sleeps));
        }

        return plans;
    }
}
