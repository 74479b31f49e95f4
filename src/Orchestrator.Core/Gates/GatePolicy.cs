using Orchestrator.Core.Options;

namespace Orchestrator.Core.Gates;

/// <summary>
/// The gate policy: which decider counts (the command line wins over config.yaml, user by default), what each
/// decider is recorded as (<c>decided_by</c>), and the ways forward when a gate cannot be decided the way it was tried.
/// </summary>
public static class GatePolicy
{
    public const string DecidedByUser = "user";
    public const string DecidedByDashboard = "user (dashboard)";
    public const string DecidedByClient = "client";

    public static IReadOnlyList<string> Names { get; } = ["user", "dashboard", "client"];

    public static GateDecider Effective(GateDecider? commandLine, OrchestratorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return commandLine ?? options.Gates;
    }

    public static string NameOf(GateDecider decider) => decider switch
    {
        GateDecider.Dashboard => "dashboard",
        GateDecider.Client => "client",
        _ => "user",
    };

    public static bool TryParse(string? text, out GateDecider decider)
    {
        decider = GateDecider.User;
        switch ((text ?? "").Trim().ToLowerInvariant())
        {
            case "user":
                return true;
            case "dashboard":
                decider = GateDecider.Dashboard;
                return true;
            case "client":
                decider = GateDecider.Client;
                return true;
            default:
                return false;
        }
    }

    /// <summary>
    /// The three ways past a gate, for a refusal: answer the form, decide on the dashboard, or let the caller decide.
    /// <paramref name="dashboardUrl"/> is where this server's dashboard is, or null when it serves none (stdio).
    /// </summary>
    public static string WaysForward(string gate, string? dashboardUrl) =>
        $"Three ways forward: (1) the user answers the form: ask them, then call approve(gate: \"{gate}\") again; " +
        $"(2) the user decides on the dashboard: {DashboardHint(dashboardUrl)} with `--gates dashboard` (or `gates: dashboard` in .orchestrator/config.yaml); " +
        "(3) for headless automation, the caller's decision counts: start the server with `--gates client` (or `gates: client` in .orchestrator/config.yaml).";

    /// <summary>Where the dashboard is, or how to get one when this server runs on stdio.</summary>
    public static string DashboardHint(string? dashboardUrl) => dashboardUrl is not null
        ? $"open {dashboardUrl}"
        : "run the server with `--http` (dashboard at http://127.0.0.1:7777/ by default) and open its page";
}
