namespace Orchestrator.Testing.Cluster;

/// <summary>
/// A command-runner agent for cluster tests and the benchmark: a reviewer answers "no findings" at once; an executor
/// sleeps a known time, then writes the first chunk file its prompt names (content derived from the path, so every run
/// produces the same files) and answers done.
/// </summary>
public static class SleepingAgentScript
{
    /// <summary>The <c>runners.command</c> args (executable <c>sh</c>): <c>$1</c> prompt file, <c>$2</c> schema file.</summary>
    public static string[] Args(double sleepSeconds) =>
    [
        "-c",
        "if grep -q '\"findings\"' \"$2\"; then printf '{\"findings\":[]}'; exit 0; fi; " +
        $"sleep {sleepSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)}; " +
        "f=$(grep -o 'src/chunk-[0-9]*\\.txt' \"$1\" | head -n 1); mkdir -p \"$(dirname \"$f\")\"; echo \"content of $f\" > \"$f\"; " +
        "printf '{\"status\":\"done\",\"summary\":\"wrote %s\",\"filesChanged\":[\"%s\"]}' \"$f\" \"$f\"",
        "agent",
        "{prompt_file}",
        "{schema_file}",
    ];
}
