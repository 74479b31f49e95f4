using System.Diagnostics;
using Orchestrator.Core.Options;
using Orchestrator.Core.Processes;

namespace Orchestrator.Core.Close.QualityGate;

/// <summary>
/// Runs the typecheck, test and lint commands in the session tree (each with exit code, duration and output tail)
/// and scans the changed lines for debug leftovers. A failed check or a leftover fails the gate.
/// </summary>
public sealed class QualityGateRunner(IProcessRunner processRunner)
{
    private const int TailLines = 40;
    private const int TailChars = 4000;

    /// <summary>How long one check may run.</summary>
    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromMinutes(20);

    /// <summary>Runs the gate; <paramref name="addedLines"/> are the session's added lines for the artefact scan.</summary>
    public async Task<QualityGateResult> RunAsync(string workTree, ResolvedProjectCommands commands, IEnumerable<(string File, int Line, string Text)> addedLines, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(commands);
        var checks = new List<GateCheck>();
        var secrets = SecretMasker.SecretsFrom(Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string?)e.Value, StringComparer.Ordinal));
        foreach (var kind in new[] { "typecheck", "test", "lint" })
        {
            var command = commands.All.FirstOrDefault(c => c.Kind == kind);
            if (command is null)
            {
                checks.Add(new GateCheck(kind, null, null, GateCheckStatus.Skipped, null, 0, $"no {kind} command configured (commands.{kind} in .orchestrator/config.yaml) or detected"));
                continue;
            }

            var watch = Stopwatch.StartNew();
            var result = await processRunner.RunAsync(new ProcessSpec("sh", ["-c", command.Command], workTree)
            {
                Timeout = CommandTimeout,
                Environment = new Dictionary<string, string?> { ["CI"] = "true" },
                Secrets = secrets,
            }, cancellationToken).ConfigureAwait(false);
            var output = SecretMasker.Mask(Tail(result.StandardOutput + (result.StandardError.Length > 0 ? "\n" + result.StandardError : "")), secrets);
            var status = result.Kind switch
            {
                ProcessExitKind.Exited when result.ExitCode == 0 => GateCheckStatus.Passed,
                ProcessExitKind.TimedOut => GateCheckStatus.TimedOut,
                ProcessExitKind.Cancelled => throw new OperationCanceledException(cancellationToken),
                _ => GateCheckStatus.Failed,
            };
            if (result.Kind == ProcessExitKind.FailedToStart)
            {
                output = $"could not start sh: {result.FailureMessage}";
            }

            checks.Add(new GateCheck(kind, command.Command, command.Source, status, result.ExitCode, (long)watch.Elapsed.TotalMilliseconds, output));
        }

        var artefacts = DebugArtefactScanner.Scan(addedLines);
        var failed = checks.Where(c => c.Failed).ToList();
        var ran = checks.Any(c => c.Status != GateCheckStatus.Skipped);
        var gateStatus = failed.Count > 0 || artefacts.Count > 0 ? QualityGateStatus.Failed : ran ? QualityGateStatus.Passed : QualityGateStatus.Skipped;
        var summary = gateStatus switch
        {
            QualityGateStatus.Failed => string.Join("; ", failed.Select(c => c.Status == GateCheckStatus.TimedOut
                    ? $"{c.Kind} (`{c.Command}`) timed out after {CommandTimeout.TotalMinutes:0} min"
                    : $"{c.Kind} (`{c.Command}`) exited with {c.ExitCode}")
                .Concat(artefacts.Count > 0 ? [$"{artefacts.Count} debug artefact(s), first {artefacts[0].File}:{artefacts[0].Line} `{artefacts[0].Pattern}`"] : [])),
            QualityGateStatus.Passed => string.Join(", ", checks.Where(c => c.Status == GateCheckStatus.Passed).Select(c => $"{c.Kind} passed")),
            _ => "no test, typecheck or lint command configured or detected; only the debug-artefact scan ran",
        };
        return new QualityGateResult(gateStatus, checks, artefacts, summary);
    }

    private static string Tail(string text)
    {
        var lines = text.TrimEnd().Split('\n');
        var tail = string.Join('\n', lines.Skip(Math.Max(0, lines.Length - TailLines)));
        return tail.Length > TailChars ? tail[^TailChars..] : tail;
    }
}
