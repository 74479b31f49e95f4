namespace Orchestrator.McpServer.Prompts;

/// <summary>
/// The instructions the prompts are assembled from, one block per step, so <c>orchestrate</c> and the per-phase
/// prompts say exactly the same thing about each step.
/// </summary>
internal static class WorkflowSteps
{
    public const string Rules = """
        Ground rules:
        - This server owns the workflow state; you call its tools and talk to the user. Do not write the feature's code yourself
          (unless you are running host-runner jobs, below).
        - The user decides every gate. Never call `approve` with a decision the user has not given you.
        - Every tool error names the problem and the fix: do what it says, then retry.
        - Lost track (restart, new conversation)? `session_status(session_id)` (or without arguments: the latest session) shows
          the phase, the gates, the spec, the plan, the chunks and the runs. The same documents are resources:
          orchestrator://sessions/{session_id}/state|spec|plan and orchestrator://runs/{run_id}/result|events.
        """;

    public const string Start = """
        ## Start
        Call `session_start(description)` (add `issues` when the work comes from issues; `isolation: "in_place"` only if the user
        does not want a separate worktree). Show the user the branch, the worktree_path, the catch-up (uncommitted changes, recent
        commits) and any `resumable_sessions`; if one of those is this feature, ask whether to resume it instead (then use its
        session_id and `session_status`). Keep the session_id: every other tool takes it.
        """;

    public const string Spec = """
        ## Spec (research)
        Call `spec(session_id)`: 2-4 read-only research agents study the codebase from different angles (pass `angles`
        [{name, focus, model?}] to choose them, or `findings` with your own research text instead). Show the user the
        `rough_spec` and one line per angle (name, model, ok, summary). If the user corrects the direction, call `spec` again.
        The agents run on the server: a call waits up to `wait_seconds` (40 s); while the result says `status: "running"`,
        tell the user they are still working and call `spec(session_id)` again, with no other arguments, until "done".
        """;

    public const string Plan = """
        ## Plan
        Call `plan(session_id)` (or pass `plan` with a plan the user already has). Show the plan, then the `gaps` and the
        `open_questions`: ask the user the open questions and fold the answers in with `plan(session_id, feedback)`.
        While the result says `status: "running"` (the planning agent still works on the server), call
        `plan(session_id)` again, with no other arguments, until "done".
        """;

    public const string PlanGate = """
        ## Gate 1: plan approval (the user decides)
        Ask the user to approve the plan, refine it (with what to change) or stop. Then call
        `approve(session_id, gate: "plan", decision, note?)` with their answer: "approve", "refine" (note = the user's feedback)
        or "stop". Where the client supports elicitation the server shows the user a form itself and records decided_by "user";
        otherwise it records your call as decided_by "client". "refine": call `plan(session_id, feedback: note)` and ask
        again. "stop": stop here and say how to resume (session_status).
        """;

    public const string Divide = """
        ## Divide into chunks
        Call `divide(session_id)` (or pass `chunks` [{id, scope, files, model, tests, testScope, opusReview, dependsOn}] or
        `waves` yourself; `tests_required` when the repository has tests). The engine validates ids, dependencies, cycles and
        that chunks of one wave never share files. Show the user a table: id, scope, files, model (haiku/sonnet/opus),
        dependsOn, tests; then the run `order`, `tests_required` and any `opus_review_suggested`.
        While the result says `status: "running"` (the divider agent still works on the server), call
        `divide(session_id)` again, with no other arguments, until "done".
        """;

    public const string BuildGate = """
        ## Gate 2: build approval (the user decides)
        Ask the user to approve the chunk plan, adjust it (e.g. model tiers or scopes) or cancel. Then call
        `approve(session_id, gate: "build", decision, note?)`: "approve", "refine" (then `divide` again with the adjusted
        chunks and ask again) or "stop". No build starts before this gate is approved.
        """;

    public const string Build = """
        ## Build (never one long call)
        Call `build_start(session_id)`; optional `runner` ("claude", "codex", "command" or "host"), `max_parallel`,
        `budget_usd`, `isolation` ("worktree" default, or "shared"). It returns a run_id at once; the run goes on in the server.
        Then poll: `build_status(run_id, wait_seconds: 30, since_event: <next_event of the previous answer>)` again and again.
        Each answer returns within 45 s; after each, tell the user in one or two lines what changed (chunks done / failed,
        review iteration). Stop polling when status is "completed", "failed", "cancelled" or "interrupted".
        "interrupted" (server restart): `build_resume(run_id)`. The user wants to stop: `build_cancel(run_id)` (resumable later).
        """;

    public const string HostRunner = """
        ## Host runner (runner "host": your own sub-agents do the agent work)
        The server then does not start agent CLIs: it queues each agent job for you. Loop until agent_job_next says
        status "run_finished":
        1. `agent_job_next(run_id, wait_seconds: 30)`. Status "job" gives job_id, role (executor / reviewer / opus_reviewer),
           tier (haiku / sonnet / opus), prompt, output_schema, working_directory and timeout_seconds. "no_job": call again.
        2. Start a sub-agent on the model of that tier, in working_directory, with the prompt verbatim, telling it to end with
           a JSON object that matches output_schema. Several jobs may be out at once: take the next job while others run.
        3. `agent_job_submit(job_id, output)` with that JSON object. accepted false means it did not fit the schema: the
           attempt counts as failed and the engine retries or escalates by itself; do not resubmit.
        A job not answered within timeout_seconds times out like any agent. Poll `build_status` between jobs for progress.
        """;

    public const string Result = """
        ## Result
        Call `build_result(run_id)`. Show the user per chunk: ok, attempts, model, summary (and the blocker of a failed chunk);
        then unresolved blockers in full (never retry them silently: list them for the user), concerns, nits, skipped chunks,
        scope violations, files changed, cost and duration.
        """;

    public const string Concerns = """
        ## The concerns decision (when the run ended with concerns or unresolved blockers)
        Ask the user, then call `approve(session_id, gate: "concerns", decision)`:
        - "address": the server proposes a follow-up chunk plan, one chunk per concern. Show it; it goes through
          Gate 2 (`approve(session_id, gate: "build", ...)`) and runs as a new build of the same session (`build_start`).
        - "defer": the concerns are recorded for close's report and become carryover issues.

        ## The failures decision (when the run ended completed_with_failures or failed)
        Show what failed (build_result leads with it), ask the user, then `approve(session_id, gate: "failures", decision)`:
        "retry" (the chunks not done, as planned), "retry_up" (one tier up), "address" (their failure reasons go into
        their scope), each a plan at the build gate; "defer" (close's report and carryover issues); "abandon".
        Never retry failed chunks without asking. A `paused` run (rate or usage limit, auth, network) is not a failure:
        tell the user the reason and when to retry, then `build_resume(run_id)`.
        """;

    public const string Close = """
        ## Close
        Call `close(session_id, dry_run: true)` first and show the report (plan verification, quality gate, the commit it
        would make, the carryover issues). Ask the user whether to commit (default yes), push (default no) and file issues
        (default yes); then `close(session_id, push?, create_issues?)`. Committing or pushing needs the publish gate: close
        first answers `status: "awaiting_approval"`, `gate: "publish"` with a `preview` (files, commit messages, remotes).
        Show the user exactly that; record their answer with `approve(session_id, gate: "publish", decision: "approve" or
        "stop")`, then call close again with the same arguments (after "stop": `commit: false, push: false`). Show the
        report, the commits, issues_created and the gate. A failing quality gate stops the commit; only with the user's explicit consent pass `allow_failing_gate: true`.
        The quality gate runs the whole test suite, so close runs on the server: while a result says `status: "running"`,
        call again with just `session_id` until `status` is `"done"` (nothing is lost if a call is cut off). Close is
        refused while a build of the session still runs: follow it with `build_status` or stop it with `build_cancel`.
        """;
}
