namespace Orchestrator.Core.Build.Runs;

/// <summary>
/// <c>cancel.request</c> in a run directory: how any server asks a detached worker to stop (the worker polls for it;
/// a SIGTERM does the same on one host). Cleared when a new worker is started for the run, so a resume is not
/// cancelled by the request that stopped the previous one.
/// </summary>
public static class RunCancelRequest
{
    public const string FileName = "cancel.request";

    public static void Write(string runDirectory) =>
        File.WriteAllText(Path.Combine(runDirectory, FileName), DateTimeOffset.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture) + "\n");

    public static bool IsRequested(string runDirectory) => File.Exists(Path.Combine(runDirectory, FileName));

    public static void Clear(string runDirectory)
    {
        try
        {
            File.Delete(Path.Combine(runDirectory, FileName));
        }
        catch (IOException)
        {
        }
    }
}
