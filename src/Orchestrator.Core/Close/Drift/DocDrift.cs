namespace Orchestrator.Core.Close.Drift;

/// <summary>
/// A statement of a top-level document that does not hold in the session tree: a <c>path</c> it names that is not there,
/// or a <c>command</c> (an npm script, a make target) that is not defined. <see cref="Broken"/>: it held when the session
/// started, so this session's changes broke it.
/// </summary>
public sealed record DocDrift(string Document, int Line, string Kind, string Reference, bool Broken)
{
    public override string ToString() =>
        $"{Document}:{Line} names {Kind} `{Reference}`, which {(Broken ? "no longer exists (it did when the session started)" : "does not exist")}";
}
