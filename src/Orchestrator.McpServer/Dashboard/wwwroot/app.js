// Orchestrator dashboard: plain JS, no build step, no third-party code. Data comes from /api on this server; live
// updates arrive as server-sent events read through fetch (EventSource cannot send the bearer token).
"use strict";

(() => {
  const TOKEN_KEY = "orchestrator-token";
  const $ = (id) => document.getElementById(id);
  let overview = null;
  let run = null;
  let streamAbort = null;
  let retryDelay = 1000;
  let renderedSessions = null;
  let documentsFor = null;
  let runLogs = [];
  let tail = null;

  const { el, fill, pill, money, duration, when, renderChunk, renderFinding } = window.OrchestratorViews;
  const renderAttempts = (attempts) => window.OrchestratorViews.renderAttempts(attempts, showLog);

  // ---- API ----
  function headers(extra) {
    const h = Object.assign({}, extra);
    const token = sessionStorage.getItem(TOKEN_KEY);
    if (token) h["Authorization"] = "Bearer " + token;
    return h;
  }

  async function api(path, options) {
    const response = await fetch(path, Object.assign({}, options, { headers: headers(options && options.headers) }));
    if (response.status === 401) {
      askForToken();
      throw new Error("unauthorized");
    }
    return response;
  }

  function askForToken() {
    $("token-panel").hidden = false;
    setConnection("offline", "token needed");
  }

  function setConnection(state, text) {
    const c = $("connection");
    c.dataset.state = state;
    c.textContent = text;
  }

  function hashParam(name) {
    const match = new RegExp("(?:^|[#&])" + name + "=([^&]+)").exec(location.hash);
    return match ? decodeURIComponent(match[1]) : null;
  }
  const selectedRunId = () => hashParam("run");
  const selectedSessionId = () => hashParam("session");

  function setHash(session, runId) {
    const parts = [];
    if (session) parts.push("session=" + encodeURIComponent(session));
    if (runId) parts.push("run=" + encodeURIComponent(runId));
    return parts.join("&");
  }

  // ---- live stream ----
  async function connect() {
    if (streamAbort) streamAbort.abort();
    const abort = new AbortController();
    streamAbort = abort;
    const runId = selectedRunId();
    try {
      const response = await api("/api/stream" + (runId ? "?run=" + encodeURIComponent(runId) : ""), { signal: abort.signal });
      if (!response.ok || !response.body) throw new Error("stream answered " + response.status);
      setConnection("live", "live");
      retryDelay = 1000;
      const reader = response.body.getReader();
      const decoder = new TextDecoder();
      let buffer = "";
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let end;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          handleEvent(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
        }
      }
    } catch (error) {
      if (abort.signal.aborted) return;
      if (error.message === "unauthorized") return;
    }
    if (abort.signal.aborted) return;
    setConnection("offline", "reconnecting");
    setTimeout(() => { if (streamAbort === abort) connect(); }, retryDelay);
    retryDelay = Math.min(retryDelay * 2, 8000);
  }

  function handleEvent(block) {
    let name = "message";
    const data = [];
    for (const line of block.split("\n")) {
      if (line.startsWith("event:")) name = line.slice(6).trim();
      else if (line.startsWith("data:")) data.push(line.slice(5).trimStart());
    }
    if (data.length === 0) return;
    const value = JSON.parse(data.join("\n"));
    if (name === "overview") {
      overview = value;
      renderOverview();
    } else if (name === "run" && value.id === selectedRunId()) {
      run = value;
      renderRun();
    }
  }

  // ---- rendering ----
  function renderOverview() {
    $("project").textContent = overview.project || "";
    const problem = $("problem");
    problem.hidden = !overview.problem;
    problem.textContent = overview.problem || "";

    // Re-render sessions only when they changed, so a gate note being typed survives journal updates.
    const sessionsJson = JSON.stringify([overview.sessions, overview.gate_decisions]);
    if (sessionsJson !== renderedSessions) {
      renderedSessions = sessionsJson;
      const sessions = $("sessions");
      sessions.replaceChildren(...(overview.sessions.length ? overview.sessions.map(renderSession) : [el("p", { class: "muted" }, "No sessions yet.")]));
      loadDocuments();
    }

    const runs = $("runs");
    runs.replaceChildren(...(overview.runs.length ? overview.runs.map(renderRunSummary) : [el("p", { class: "muted" }, "No runs yet.")]));

    if (!selectedRunId() && overview.runs.length) {
      const pick = overview.runs.find((r) => r.status === "running") || overview.runs[0];
      history.replaceState(null, "", "#" + setHash(selectedSessionId(), pick.id));
      connect();
    }
  }

  function renderSession(s) {
    if (s.error) return el("div", { class: "session", dataset: { state: "failed" } }, el("div", { class: "title" }, "Unreadable session"), el("div", { class: "muted" }, s.error));
    return el("div", { class: "session", dataset: { session: s.id } },
      el("div", { class: "row spread" }, el("button", { class: "link title", type: "button", onclick: () => selectSession(s.id) }, s.description), pill(s.phase === "closed" ? "completed" : "running", s.phase)),
      el("div", { class: "muted" }, s.id, " · ", s.branch, " · ", s.status),
      el("div", { class: "gates" }, s.gates.map((g) => renderGate(s, g))),
      s.runs.length ? el("div", { class: "row" }, "Runs:", s.runs.map((id) => el("button", { class: "link", type: "button", onclick: () => selectRun(id) }, id))) : null,
      s.job ? el("div", { class: "row", dataset: { job: s.job.id } }, s.job.phase + " job", pill("running", s.job.status), el("span", { class: "muted" }, s.job.id + (s.job.progress ? " · " + s.job.progress : ""))) : null);
  }

  function renderGate(session, gate) {
    const label = gate.decision ? gate.status + " (" + gate.decision + (gate.decided_by ? " by " + gate.decided_by : "") + ")" : gate.status;
    const row = el("div", { class: "gate", dataset: { gate: gate.name } }, el("span", {}, gate.name + " gate"), pill(gate.status, label));
    if (gate.status === "open" && overview.gate_decisions) {
      const note = el("input", { type: "text", placeholder: "note (optional)", "aria-label": gate.name + " gate note" });
      const message = el("span", { class: "gate-message", role: "status" });
      const choices = gate.name === "concerns"
        ? [["address", "Address", "approve"], ["defer", "Defer", "decline"]]
        : gate.name === "publish"
          ? [["approve", "Approve publishing", "approve"], ["stop", "Stop", "decline"]]
          : gate.name === "failures"
            ? [["retry", "Retry", "approve"], ["retry_up", "Retry a tier up", ""], ["address", "Address", ""], ["defer", "Defer", ""], ["abandon", "Abandon", "decline"]]
            : [["approve", "Approve", "approve"], ["refine", "Refine", ""], ["stop", "Stop", "decline"]];
      row.append(note, ...choices.map(([decision, text, css]) =>
        el("button", { type: "button", class: css, dataset: { decision }, onclick: (e) => decide(session.id, gate.name, decision, note.value, e.target, message) }, text)), message);
    }
    return row;
  }

  async function decide(sessionId, gate, decision, note, button, message) {
    button.disabled = true;
    message.textContent = "";
    try {
      const response = await api("/api/sessions/" + encodeURIComponent(sessionId) + "/gates/" + encodeURIComponent(gate), {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ decision, note: note || null }),
      });
      // On success the stream brings the new gate state; a refusal says why and what to do.
      if (!response.ok) message.textContent = await response.text();
    } catch (error) {
      if (error.message !== "unauthorized") message.textContent = "Not decided: " + error.message;
    } finally {
      button.disabled = false;
    }
  }

  function renderRunSummary(r) {
    return el("div", { class: "run" + (r.id === selectedRunId() ? " selected" : ""), dataset: { run: r.id, state: r.status } },
      el("div", { class: "row spread" }, el("button", { class: "link title", type: "button", onclick: () => selectRun(r.id) }, r.id), pill(r.status)),
      el("div", { class: "muted" }, `${r.succeeded}/${r.chunks} chunks done`, r.failed ? ` · ${r.failed} failed` : "", r.running ? ` · ${r.running} running` : "",
        " · ", money(r.cost_usd), r.session_id ? " · session " + r.session_id : "", " · ", when(r.started_at)));
  }

  function selectRun(id) {
    location.hash = setHash(selectedSessionId(), id);
  }

  function selectSession(id) {
    location.hash = setHash(id, selectedRunId());
  }

  // ---- a session's documents: what its gates ask the user to approve (newest session unless one is chosen) ----
  async function loadDocuments() {
    const chosen = selectedSessionId() || (overview.sessions.find((s) => !s.error) || {}).id;
    const section = $("session-section");
    if (!chosen) { section.hidden = true; return; }
    const ticket = {};
    documentsFor = ticket;
    try {
      const response = await api("/api/sessions/" + encodeURIComponent(chosen) + "/documents");
      if (documentsFor !== ticket) return;
      if (!response.ok) { section.hidden = true; return; }
      const docs = await response.json();
      const session = overview.sessions.find((s) => s.id === chosen);
      $("session-title").textContent = "Session " + (session ? session.description : chosen);
      for (const node of document.querySelectorAll(".session")) node.classList.toggle("selected", node.dataset.session === chosen);
      $("session-views").replaceChildren(...window.OrchestratorViews.sessionDocuments(docs));
      section.hidden = false;
      section.dataset.session = chosen;
    } catch (error) {
      if (error.message !== "unauthorized") $("session-views").replaceChildren(el("p", { class: "problem" }, "Could not load the session: " + error.message));
    }
  }

  async function control(action, button) {
    button.disabled = true;
    const message = $("run-message");
    message.textContent = "";
    try {
      const response = await api("/api/runs/" + encodeURIComponent(run.id) + "/" + action, {
        method: "POST", headers: { "Content-Type": "application/json" }, body: "{}",
      });
      if (!response.ok) message.textContent = await response.text();
    } catch (error) {
      if (error.message !== "unauthorized") message.textContent = action + " failed: " + error.message;
    } finally {
      button.disabled = false;
    }
  }

  async function loadLogs(runId) {
    try {
      const response = await api("/api/runs/" + encodeURIComponent(runId) + "/logs");
      if (response.ok && run && run.id === runId) {
        runLogs = await response.json();
        for (const c of run.chunks) renderChunkLogs(c);
      }
    } catch { /* the next run event tries again */ }
  }

  function renderChunkLogs(c) {
    const holder = document.querySelector(`[data-chunk='${CSS.escape(c.id)}'] .chunk-tools`);
    if (!holder) return;
    const logs = runLogs.filter((name) => name.startsWith(c.id + "-"));
    holder.replaceChildren(
      el("button", { class: "link", type: "button", dataset: { diff: c.id }, onclick: () => showText("Diff of " + c.id, "/api/runs/" + encodeURIComponent(run.id) + "/chunks/" + encodeURIComponent(c.id) + "/diff", false) }, "diff"),
      ...logs.map((name) => el("button", { class: "link", type: "button", dataset: { tail: name }, onclick: () => showLog(name, true) }, "log " + name)));
  }

  function renderRun() {
    $("run-section").hidden = false;
    $("run-title").textContent = "Run " + run.id;
    fill($("run-meta"),
      el("span", {}, "status ", pill(run.status)),
      el("span", {}, "phase ", run.phase, run.iteration ? " (iteration " + run.iteration + ")" : ""),
      el("span", {}, "cost ", money(run.cost_usd)),
      run.started_at ? el("span", {}, "started ", when(run.started_at)) : null,
      run.finished_at ? el("span", {}, "finished ", when(run.finished_at)) : null,
      run.stop_reason ? el("span", {}, "stopped: ", run.stop_reason) : null,
      run.status === "running" ? el("button", { type: "button", id: "cancel-button", class: "decline", onclick: (e) => control("cancel", e.target) }, "Cancel run") : null,
      ["cancelled", "interrupted"].includes(run.status) ? el("button", { type: "button", id: "resume-button", class: "approve", onclick: (e) => control("resume", e.target) }, "Resume run") : null,
      el("span", { id: "run-message", class: "gate-message", role: "status" }));
    $("result-button").hidden = !run.has_result;
    $("cluster-section").hidden = !run.cluster;
    $("cluster").replaceChildren(...(run.cluster ? window.OrchestratorViews.renderCluster(run.cluster).filter((n) => n) : []));
    $("chunks").replaceChildren(...run.chunks.map(renderChunk));
    $("attempts").replaceChildren(...(run.attempts.length ? [renderAttempts(run.attempts)] : [el("p", { class: "muted" }, "No finished attempts yet.")]));
    $("unassigned").replaceChildren(...(run.unassigned.length
      ? [el("h3", {}, "Findings not tied to a chunk"), el("ul", { class: "findings" }, run.unassigned.map(renderFinding))]
      : []));
    for (const node of document.querySelectorAll(".run")) node.classList.toggle("selected", node.dataset.run === run.id);
    loadLogs(run.id);
  }

  async function showText(title, path, pretty, live) {
    const viewer = $("viewer");
    if (tail) { clearInterval(tail); tail = null; }
    $("viewer-title").textContent = title;
    $("viewer-body").textContent = "Loading…";
    viewer.hidden = false;
    if (live) {
      // A live tail: read the log again while the viewer shows it and the run still runs.
      tail = setInterval(async () => {
        if (viewer.hidden || !run || run.status !== "running") { clearInterval(tail); tail = null; return; }
        try {
          const response = await api(path);
          if (response.ok) {
            const body = $("viewer-body");
            const atEnd = body.scrollTop + body.clientHeight >= body.scrollHeight - 4;
            body.textContent = await response.text();
            if (atEnd) body.scrollTop = body.scrollHeight;
          }
        } catch { /* next tick */ }
      }, 1500);
    }
    try {
      const response = await api(path);
      let text = await response.text();
      if (response.ok && pretty) {
        try { text = JSON.stringify(JSON.parse(text), null, 2); } catch { /* show as is */ }
      }
      $("viewer-body").textContent = text;
    } catch (error) {
      $("viewer-body").textContent = "Could not load: " + error.message;
    }
    viewer.scrollIntoView({ block: "nearest" });
  }

  function showLog(name, live) {
    showText((live && run.status === "running" ? "Live log " : "Log ") + name, "/api/runs/" + encodeURIComponent(run.id) + "/logs/" + encodeURIComponent(name), false, live);
  }

  // ---- wiring ----
  $("result-button").addEventListener("click", () => showText("Result of " + run.id, "/api/runs/" + encodeURIComponent(run.id) + "/result", true));
  $("viewer-close").addEventListener("click", () => { $("viewer").hidden = true; });
  $("token-form").addEventListener("submit", (e) => {
    e.preventDefault();
    sessionStorage.setItem(TOKEN_KEY, $("token-input").value.trim());
    $("token-input").value = "";
    $("token-panel").hidden = true;
    connect();
  });
  window.addEventListener("hashchange", () => {
    run = null;
    $("run-section").hidden = true;
    if (overview) loadDocuments();
    connect();
  });
  connect();
})();
