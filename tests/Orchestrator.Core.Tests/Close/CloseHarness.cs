using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Orchestrator.Core.Agents;
using Orchestrator.Core.Agents.Answers;
using Orchestrator.Core.Build;
using Orchestrator.Core.Build.Runs;
using Orchestrator.Core.Build.Workspaces;
using Orchestrator.Core.Close;
using Orchestrator.Core.Gates;
using Orchestrator.Core.Git;
using Orchestrator.Core.Planning;
using Orchestrator.Core.Processes;
using Orchestrator.Core.Sessions;
using Orchestrator.Core.Tests.Sessions;
using Orchestrator.Core.Trackers;
using Orchestrator.Testing;
using static Orchestrator.Testing.TestChunks;

namespace Orchestrator.Core.Tests.Close;

/// <summary>
/// A real session (SessionService, worktree isolation) with one real build run (BuildLoop + scripted agents): chunk
/// c1 succeeds writing src/greeting.txt, chunk c2 writes src/farewell.txt but fails all three attempts.
/// </summary>
internal sealed class CloseHarness : IAsyncDisposable
{
    public const string RunId = "run-20261121-1";
    public const string DoneFile = "src/greeting.txt";
    public const string FailedFile = "src/farewell.txt";

    private CloseHarness(TempGitRepository repo, SessionLockManager locks, ProjectContext project, SessionState state)
    {
        Repo = repo;
        Locks = locks;
        Project = project;
        State = state;
        Git = new GitCli(new ProcessRunner());
    }

    public TempGitRepository Repo { get; }

    public SessionLockManager Locks { get; }

    public ProjectContext Project { get; }

    public SessionState State { get; private set; }

    public IGit Git { get; }

    public string SessionId => State.Session;

    public string WorkTree => State.WorkTree;

    public ScriptedAgentRunner Reviewer { get; } = new();

    public static async Task<CloseHarness> CreateAsync(CancellationToken cancellationToken, string? config = null, IReadOnlyList<string>? issues = null, ReviewFinding? reviewOfDoneChunk = null)
    {
        var repo = TempGitRepository.Create();
        if (config is not null)
        {
            repo.WriteFile(".orchestrator/config.yaml", config);
        }

        var (service, locks) = SessionServiceFactory.Create();
        var started = await service.StartAsync(SessionServiceFactory.Request(repo.Root, "Add greeting and farewell messages", issues: issues), cancellationToken);
        Assert.True(started.Succeeded, started.Error?.Message);
        var project = (await service.LocateAsync(repo.Root, cancellationToken)).Value!;
        var harness = new CloseHarness(repo, locks, project, started.Value.State);
        await harness.BuildAsync(reviewOfDoneChunk, cancellationToken);
        return harness;
    }

    public CloseService Service(IssueTrackerFactory? trackers = null, IAgentRunnerFactory? reviewers = null, ILogger<CloseService>? logger = null) =>
        new(Git, new ProcessRunner(), Locks, trackers ?? new IssueTrackerFactory(new HttpClient(), _ => null, TimeProvider.System), TimeProvider.System,
            logger ?? NullLogger<CloseService>.Instance, reviewers);

    /// <summary>
    /// Closes; when close stops at the publish gate and <paramref name="approvePublish"/> is true, the user approves what
    /// it showed and close runs again (as the approve tool and the next close call do).
    /// </summary>
    public async Task<CloseResult> CloseAsync(CloseRequest request, CancellationToken cancellationToken, IssueTrackerFactory? trackers = null, IAgentRunnerFactory? reviewers = null,
        ILogger<CloseService>? logger = null, bool approvePublish = true)
    {
        var outcome = await Service(trackers, reviewers, logger).CloseAsync(Project, request, cancellationToken);
        Assert.True(outcome.Succeeded, outcome.Error?.Message);
        if (!approvePublish || !outcome.Value.AwaitingPublishApproval)
        {
            return outcome.Value;
        }

        await DecidePublishAsync(GateNames.Approve, cancellationToken);
        outcome = await Service(trackers, reviewers, logger).CloseAsync(Project, request, cancellationToken);
        Assert.True(outcome.Succeeded, outcome.Error?.Message);
        Assert.False(outcome.Value.AwaitingPublishApproval, "close asked for the publish gate again right after it was approved");
        return outcome.Value;
    }

    public async Task<GateDecisionResult> DecidePublishAsync(string decision, CancellationToken cancellationToken, string gate = GateNames.Publish)
    {
        var gates = new GateService(new SessionWriter(Locks, TimeProvider.System), TimeProvider.System, NullLogger<GateService>.Instance);
        var decided = await gates.DecideAsync(Project, SessionId, gate, decision, null, "user", cancellationToken);
        Assert.True(decided.Succeeded, decided.Error?.Message);
        return decided.Value;
    }

    public LocalIssueTracker LocalTracker => new(Path.Combine(Project.OrchestratorDirectory, "issues"), TimeProvider.System);

    public string GitIn(string directory, params string[] arguments) => TempGitRepository.GitIn(directory, arguments);

    /// <summary>A commit whose committer date is <paramref name="age"/> ago, for snapshot-age tests.</summary>
    public string OldCommit(TimeSpan age)
    {
        var tree = GitIn(Repo.Root, "rev-parse", "HEAD^{tree}");
        var info = new ProcessStartInfo("git") { WorkingDirectory = Repo.Root, RedirectStandardOutput = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (var argument in new[] { "commit-tree", tree, "-m", "old snapshot" })
        {
            info.ArgumentList.Add(argument);
        }

        var date = (DateTimeOffset.UtcNow - age).ToUnixTimeSeconds() + " +0000";
        info.Environment["GIT_COMMITTER_DATE"] = date;
        info.Environment["GIT_AUTHOR_DATE"] = date;
        using var process = Process.Start(info)!;
        process.StandardInput.Close();
        var sha = process.StandardOutput.ReadToEnd().Trim();
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
        return sha;
    }

    /// <summary>Everything a dry run must leave alone: both trees' status, all refs, HEADs, and every byte under .orchestrator/.</summary>
    public string Fingerprint()
    {
        var text = new StringBuilder();
        text.AppendLine(GitIn(Repo.Root, "status", "--porcelain=v1", "--untracked-files=all", "--ignored"));
        text.AppendLine(GitIn(WorkTree, "status", "--porcelain=v1", "--untracked-files=all"));
        text.AppendLine(GitIn(Repo.Root, "for-each-ref", "--format=%(refname) %(objectname)"));
        text.AppendLine(GitIn(Repo.Root, "rev-parse", "HEAD"));
        text.AppendLine(GitIn(WorkTree, "rev-parse", "HEAD"));
        text.AppendLine(GitIn(WorkTree, "diff", "--cached", "--name-only"));
        foreach (var file in Directory.EnumerateFiles(Project.OrchestratorDirectory, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            text.Append(Path.GetRelativePath(Project.OrchestratorDirectory, file)).Append(' ')
                .AppendLine(Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(file))));
        }

        foreach (var file in new[] { DoneFile, FailedFile, "README.md" })
        {
            var path = Path.Combine(WorkTree, file);
            text.Append(file).Append(' ').AppendLine(File.Exists(path) ? Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path))) : "-");
        }

        return text.ToString();
    }

    private async Task BuildAsync(ReviewFinding? reviewOfDoneChunk, CancellationToken cancellationToken)
    {
        var store = new SessionStore(Project.SessionsDirectory);
        var chunks = new[]
        {
            Chunk("c1", files: [DoneFile], scope: "Greeting message for new users"),
            Chunk("c2", files: [FailedFile], scope: "Farewell message when users leave"),
        };
        await store.WriteDocumentAsync(SessionId, "chunks.json", ChunkPlanJson.Serialize(chunks), cancellationToken);
        await store.WriteDocumentAsync(SessionId, "plan.md", "# Plan\n1. Greeting message for new users\n2. Farewell message when users leave\n3. Translate messages into Klingon\n", cancellationToken);

        var scripted = new ScriptedAgentRunner()
            .Executor("c1", ScriptedStep.Done("greeting written", DoneFile))
            .Executor("c2", ScriptedStep.Blocked("the farewell API does not exist"))
            .Reviewer("c1", reviewOfDoneChunk is null ? ScriptedStep.Clean() : ScriptedStep.Findings(reviewOfDoneChunk));
        var runner = new FileWritingRunner(scripted, new Dictionary<string, IReadOnlyDictionary<string, string>>
        {
            ["c1"] = new Dictionary<string, string> { [DoneFile] = "Hello and welcome!\n" },
            ["c2"] = new Dictionary<string, string> { [FailedFile] = "Goodb" },
        });
        var runDirectory = Path.Combine(Project.OrchestratorDirectory, "runs", RunId);
        var input = BuildRunInput.FromChunks(State.Description, "# Plan", false, chunks);
        var result = await new BuildLoop(runner, TimeProvider.System, new SharedTreeWorkspaceProvider(WorkTree))
            .RunAsync(new BuildRunRequest(RunId, runDirectory, WorkTree, input, new BuildOptions()), null, cancellationToken);
        Assert.Equal(BuildRunStatus.CompletedWithFailures, result.Status);
        Assert.Equal([true, false], result.PerChunk.OrderBy(p => p.ChunkId).Select(p => p.Ok));
        Assert.Equal(3, result.PerChunk.Single(p => p.ChunkId == "c2").Attempts);

        State = State with { Runs = [RunId], Phase = SessionPhase.Review };
        await store.SaveAsync(State, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await Locks.DisposeAsync();
        Repo.Dispose();
    }
}
