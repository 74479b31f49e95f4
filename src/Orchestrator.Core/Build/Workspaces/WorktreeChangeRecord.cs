namespace Orchestrator.Core.Build.Workspaces;

/// <summary>
/// What a pool slot's last attempt left in it, written beside the slot (<c>slot-N.changes</c>) when the slot is given
/// back: the commit its HEAD was at and its <see cref="WorktreeChanges"/>, read once the agent had ended. The next
/// claimant undoes exactly those paths instead of walking the whole tree again; without a record (the attempt never
/// reached its diff, or HEAD moved) it reads the changes itself.
/// </summary>
public static class WorktreeChangeRecord
{
    private const string Tracked = "T";
    private const string Untracked = "U";
    private const string Ignored = "I";

    /// <summary>The record file of the slot at <paramref name="slotPath"/>.</summary>
    public static string FileOf(string slotPath) => slotPath + ".changes";

    /// <summary>Records <paramref name="changes"/> of the slot at <paramref name="slotPath"/>, whose HEAD is <paramref name="head"/>.</summary>
    public static void Write(string slotPath, string head, WorktreeChanges changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var fields = new List<string> { head };
        fields.AddRange(changes.Tracked.Select(p => Tracked + p));
        fields.AddRange(changes.Untracked.Select(p => Untracked + p));
        fields.AddRange(changes.Ignored.Select(p => Ignored + p));
        File.WriteAllText(FileOf(slotPath), string.Join('\0', fields) + "\0");
    }

    /// <summary>
    /// Takes the record of the slot at <paramref name="slotPath"/> (deleting it: it describes the slot only until the
    /// slot is touched again); null when there is none or it was written at another HEAD than <paramref name="head"/>.
    /// </summary>
    public static WorktreeChanges? Take(string slotPath, string? head)
    {
        var file = FileOf(slotPath);
        string text;
        try
        {
            text = File.ReadAllText(file);
            File.Delete(file);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        var fields = text.Split('\0', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length == 0 || head is null || fields[0] != head)
        {
            return null;
        }

        List<string> Of(string kind) => fields.Skip(1).Where(f => f.StartsWith(kind, StringComparison.Ordinal)).Select(f => f[1..]).ToList();
        return new WorktreeChanges(Of(Tracked), Of(Untracked), Of(Ignored));
    }

    /// <summary>Forgets the record of the slot at <paramref name="slotPath"/> (it no longer describes the slot).</summary>
    public static void Forget(string slotPath) => File.Delete(FileOf(slotPath));
}
