using Orchestrator.Core.Close.QualityGate;

namespace Orchestrator.Core.Tests.Close;

public sealed class DebugArtefactScannerTests
{
    [Fact]
    public void Added_lines_are_scanned_per_language()
    {
        const string diff = """
            diff --git a/web/app.ts b/web/app.ts
            --- a/web/app.ts
            +++ b/web/app.ts
            @@ -10,0 +11,3 @@ export function run() {
            +  console.log("here");
            +  // console.log("commented out is fine")
            +  debugger;
            diff --git a/src/Log.cs b/src/Log.cs
            --- a/src/Log.cs
            +++ b/src/Log.cs
            @@ -1,0 +2,2 @@
            +Console.WriteLine("console.log( in C# is fine");
            +<<<<<<< HEAD
            """;

        var found = DebugArtefactScanner.Scan(DebugArtefactScanner.AddedLines(diff));

        Assert.Equal([("web/app.ts", 11, "console.log("), ("web/app.ts", 13, "debugger;"), ("src/Log.cs", 3, "<<<<<<<")],
            found.Select(f => (f.File, f.Line, f.Pattern)));
    }
}
