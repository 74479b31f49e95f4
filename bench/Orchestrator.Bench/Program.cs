using System.Globalization;
using Orchestrator.Bench;

// Benchmarks, not tests: figures go to docs/benchmarks.md. Usage: dotnet run -c Release --project bench/Orchestrator.Bench -- scheduler
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
var command = args.Length > 0 ? args[0] : "help";
switch (command)
{
    case "scheduler":
        return await SchedulerBenchmark.RunAsync(args.Skip(1).ToArray());
    case "calls":
        return await CallsBenchmark.RunAsync(args.Skip(1).ToArray());
    case "startup":
        return await StartupBenchmark.RunAsync(args.Skip(1).ToArray());
    case "git":
        return await GitBenchmark.RunAsync(args.Skip(1).ToArray());
    case "isolation":
        return await IsolationBenchmark.RunAsync(args.Skip(1).ToArray());
    case "cluster":
        return await ClusterBenchmark.RunAsync(args.Skip(1).ToArray());
    case "plans":
        return await PlanLimitsBenchmark.RunAsync(args.Skip(1).ToArray());
    default:
        Console.Error.WriteLine("usage: Orchestrator.Bench scheduler [--chunks N] [--seed N] | git [--runs N] [--files N] | isolation [--sizes 1000,10000,50000] [--modes shared,fresh,pooled-cold,pooled-warm] [--sleep 2] [--cache DIR] | cluster [--chunks 12] [--sleep 5] | plans [--runs 5] | startup [--runs N] --server label='command args' ... | calls --server LABEL --command 'cmd args' [--tool NAME --args JSON] ...");
        return command == "help" ? 0 : 2;
}
