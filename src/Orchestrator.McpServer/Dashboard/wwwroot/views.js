// Orchestrator dashboard views: a run's chunks and attempts, and what a gate asks to approve (spec, plan, chunk plan and its dependency graph,
// cost estimate, publish preview, close report, issues). Plain JS, no build step. Everything from the server is put on
// the page as text nodes or SVG attributes: the Markdown renderer builds elements itself and never parses HTML.
"use strict";

window.OrchestratorViews = (() => {
  const SVG = "http://www.w3.org/2000/svg";

  // ---- small DOM helpers (text only: nothing from the server is ever parsed as HTML) ----
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "class") node.className = value;
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else if (key === "dataset") Object.assign(node.dataset, value);
      else node.setAttribute(key, value === true ? "" : String(value));
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }
  // replaceChildren would print a null as the text "null".
  const fill = (node, ...children) => node.replaceChildren(...children.flat().filter((c) => c !== null && c !== undefined && c !== false));
  const pill = (state, text) => el("span", { class: "pill", dataset: { state } }, text ?? state);
  const money = (usd) => "$" + Number(usd || 0).toFixed(2);
  const duration = (ms) => {
    const s = Math.round((ms || 0) / 1000);
    return s < 60 ? s + "s" : Math.floor(s / 60) + "m " + (s % 60) + "s";
  };
  const when = (iso) => (iso ? new Date(iso).toLocaleString() : "");


  // ---- a run's chunks and attempts ----
  function renderChunk(c) {
    return el("div", { class: "chunk", dataset: { chunk: c.id, state: c.state } },
      el("div", { class: "row spread" }, el("span", { class: "title" }, c.id), pill(c.state)),
      el("div", { class: "muted" }, `attempts ${c.attempts} · tier ${c.tier || "-"} · ${money(c.cost_usd)} · ${duration(c.duration_ms)}`,
        c.tests_passed === true ? " · tests passed" : c.tests_passed === false ? " · tests failed" : ""),
      c.summary ? el("div", {}, c.summary) : null,
      c.blocker ? el("div", { dataset: { state: "failed" } }, "Blocker: ", c.blocker) : null,
      c.skip_reason ? el("div", { dataset: { state: "skipped" } }, "Skipped: ", c.skip_reason) : null,
      c.findings.length ? el("ul", { class: "findings" }, c.findings.map(renderFinding)) : null,
      el("div", { class: "row chunk-tools" }));
  }

  function renderFinding(f) {
    return el("li", { dataset: { severity: f.severity } }, `[${f.severity}] ${f.title}`, f.file ? ` (${f.file}${f.line ? ":" + f.line : ""})` : "", f.detail ? " — " + f.detail : "");
  }

  function renderAttempts(attempts, showLog) {
    // The worker column only for a cluster run (an attempt ran on a worker): a single-machine run looks as before.
    const remote = attempts.some((a) => a.worker);
    return el("table", {},
      el("thead", {}, el("tr", {}, ["chunk", "#", "role", "tier", "outcome", "cost", "time", remote ? "worker" : null, "log"].filter((h) => h).map((h) => el("th", { align: "left" }, h)))),
      el("tbody", {}, attempts.map((a) => el("tr", { dataset: { state: a.outcome } },
        el("td", {}, a.chunk_id || "(run)"), el("td", {}, a.attempt), el("td", {}, a.role), el("td", {}, a.tier),
        el("td", { title: a.reason || "" }, a.outcome), el("td", {}, money(a.cost_usd)), el("td", {}, duration(a.duration_ms)),
        remote ? el("td", { dataset: { attemptWorker: a.worker || "" } }, a.worker || "this machine") : null,
        el("td", {}, a.log && a.log_exists
          ? el("button", { class: "link", type: "button", dataset: { log: a.log }, onclick: () => showLog(a.log) }, a.log)
          : el("span", { class: "muted" }, "none"))))));
  }

  // ---- cluster mode: the workers and their load, where each attempt in flight runs, and what waits for capacity ----
  function renderCluster(cluster) {
    const labels = (w) => Object.entries(w.labels || {}).map(([k, v]) => k + "=" + v).join(", ");
    return [
      cluster.waiting_for_capacity
        ? el("p", { class: "callout", id: "cluster-waiting", dataset: { waiting: cluster.waiting_for_capacity } },
          `${cluster.waiting_for_capacity} attempt(s) waiting for a free cluster worker (every worker with the needed runner is at its limit).`)
        : null,
      cluster.problem ? el("p", { class: "problem", id: "cluster-problem" }, cluster.problem) : null,
      el("table", { id: "cluster-workers" },
        el("thead", {}, el("tr", {}, ["worker", "host", "load", "runners", "labels"].map((h) => el("th", { align: "left" }, h)))),
        el("tbody", {}, cluster.workers.length
          ? cluster.workers.map((w) => el("tr", { dataset: { worker: w.name, state: w.running >= w.max_agents ? "running" : "pending" } },
            el("td", {}, w.name), el("td", { title: w.address }, w.host || w.address), el("td", {}, `${w.running}/${w.max_agents} agents`),
            el("td", {}, w.runners.join(", ")), el("td", {}, labels(w) || "-")))
          : [el("tr", {}, el("td", { colspan: 5, class: "muted" }, "No worker in the cluster."))])),
      cluster.attempts.length
        ? el("ul", { id: "cluster-attempts", class: "findings" }, cluster.attempts.map((a) =>
          el("li", { dataset: { remoteAttempt: (a.chunk_id || "review") + "-" + a.attempt, state: a.worker ? "running" : "pending" } },
            `${a.chunk_id || "review"} ${a.role} #${a.attempt}: `, a.worker ? "on " + a.worker : "waiting for a free worker",
            a.lost_workers.length ? ` (placed again after losing ${a.lost_workers.join(", ")})` : "")))
        : null,
    ];
  }

  // ---- a tiny Markdown renderer: headings, lists, code blocks, paragraphs; inline code, bold, italic ----
  function inline(text) {
    const out = [];
    const pattern = /`([^`]+)`|\*\*([^*]+)\*\*|\*([^*\s][^*]*)\*/g;
    let last = 0;
    let match;
    while ((match = pattern.exec(text)) !== null) {
      if (match.index > last) out.push(document.createTextNode(text.slice(last, match.index)));
      if (match[1] !== undefined) out.push(el("code", {}, match[1]));
      else if (match[2] !== undefined) out.push(el("strong", {}, match[2]));
      else out.push(el("em", {}, match[3]));
      last = pattern.lastIndex;
    }
    if (last < text.length) out.push(document.createTextNode(text.slice(last)));
    return out;
  }

  function markdown(source) {
    const root = el("div", { class: "markdown" });
    const lines = String(source || "").replace(/\r\n/g, "\n").split("\n");
    let list = null;
    let paragraph = [];
    const flush = () => {
      if (paragraph.length) root.append(el("p", {}, inline(paragraph.join(" "))));
      paragraph = [];
    };
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i];
      if (line.startsWith("```")) {
        flush(); list = null;
        const code = [];
        for (i++; i < lines.length && !lines[i].startsWith("```"); i++) code.push(lines[i]);
        root.append(el("pre", {}, el("code", {}, code.join("\n"))));
        continue;
      }
      const heading = /^(#{1,6})\s+(.*)$/.exec(line);
      const bullet = /^\s*(?:[-*]|\d+[.)])\s+(.*)$/.exec(line);
      if (heading) {
        flush(); list = null;
        root.append(el("h" + Math.min(6, heading[1].length + 2), {}, inline(heading[2])));
      } else if (bullet) {
        flush();
        if (!list) { list = el(/^\s*\d/.test(line) ? "ol" : "ul"); root.append(list); }
        list.append(el("li", {}, inline(bullet[1])));
      } else if (line.trim() === "") {
        flush(); list = null;
      } else {
        list = null;
        paragraph.push(line.trim());
      }
    }
    flush();
    return root;
  }

  // ---- the chunk plan: a table and a dependency graph (inline SVG, one column per wave) ----
  function chunkTable(chunks) {
    return el("table", { id: "chunk-table" },
      el("thead", {}, el("tr", {}, ["chunk", "wave", "tier", "scope", "files", "depends on"].map((h) => el("th", { align: "left" }, h)))),
      el("tbody", {}, chunks.map((c) => el("tr", { dataset: { plannedChunk: c.id } },
        el("td", {}, c.id), el("td", {}, c.wave || "?"), el("td", {}, c.model), el("td", {}, c.scope),
        el("td", {}, c.files.join(", ")), el("td", {}, c.depends_on.length ? c.depends_on.join(", ") : "-")))));
  }

  function dependencyGraph(chunks) {
    const W = 150, H = 44, GX = 60, GY = 18;
    const waves = new Map();
    for (const c of chunks) {
      const wave = c.wave || 1;
      if (!waves.has(wave)) waves.set(wave, []);
      waves.get(wave).push(c);
    }
    const place = new Map();
    let rows = 0;
    for (const [wave, members] of [...waves.entries()].sort((a, b) => a[0] - b[0])) {
      members.forEach((c, i) => place.set(c.id, { x: 10 + (wave - 1) * (W + GX), y: 10 + i * (H + GY) }));
      rows = Math.max(rows, members.length);
    }
    const width = 20 + waves.size * W + Math.max(0, waves.size - 1) * GX;
    const height = 20 + rows * H + Math.max(0, rows - 1) * GY;
    const svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("id", "chunk-graph");
    svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
    svg.setAttribute("width", String(width));
    svg.setAttribute("role", "img");
    svg.setAttribute("aria-label", "chunk dependency graph");
    const node = (tag, attrs, text) => {
      const n = document.createElementNS(SVG, tag);
      for (const [k, v] of Object.entries(attrs)) n.setAttribute(k, String(v));
      if (text !== undefined) n.textContent = text;
      svg.append(n);
      return n;
    };
    const marker = document.createElementNS(SVG, "marker");
    for (const [k, v] of Object.entries({ id: "arrow", viewBox: "0 0 10 10", refX: 10, refY: 5, markerWidth: 6, markerHeight: 6, orient: "auto" })) marker.setAttribute(k, String(v));
    const tip = document.createElementNS(SVG, "path");
    tip.setAttribute("d", "M0,0 L10,5 L0,10 z");
    tip.setAttribute("class", "edge-tip");
    marker.append(tip);
    const defs = document.createElementNS(SVG, "defs");
    defs.append(marker);
    svg.append(defs);
    for (const c of chunks) {
      const to = place.get(c.id);
      for (const dependency of c.depends_on) {
        const from = place.get(dependency);
        if (from && to) node("line", { class: "edge", x1: from.x + W, y1: from.y + H / 2, x2: to.x, y2: to.y + H / 2, "marker-end": "url(#arrow)" });
      }
    }
    for (const c of chunks) {
      const p = place.get(c.id);
      const group = node("g", { "data-node": c.id });
      const rect = document.createElementNS(SVG, "rect");
      for (const [k, v] of Object.entries({ x: p.x, y: p.y, width: W, height: H, rx: 6, class: "node" })) rect.setAttribute(k, String(v));
      const title = document.createElementNS(SVG, "text");
      for (const [k, v] of Object.entries({ x: p.x + 8, y: p.y + 18, class: "node-title" })) title.setAttribute(k, String(v));
      title.textContent = `${c.id} · ${c.model}`;
      const scope = document.createElementNS(SVG, "text");
      for (const [k, v] of Object.entries({ x: p.x + 8, y: p.y + 35, class: "node-scope" })) scope.setAttribute(k, String(v));
      scope.textContent = c.scope.length > 22 ? c.scope.slice(0, 21) + "…" : c.scope;
      group.append(rect, title, scope);
    }
    return el("div", { class: "graph" }, svg);
  }

  function keyValues(value) {
    if (value === null || typeof value !== "object") return el("pre", {}, JSON.stringify(value, null, 2));
    return el("table", { class: "kv" }, el("tbody", {}, Object.entries(value).map(([k, v]) =>
      el("tr", {}, el("th", { align: "left" }, k), el("td", {}, typeof v === "object" ? JSON.stringify(v) : String(v))))));
  }

  function publish(preview) {
    return el("div", { id: "publish-preview" },
      el("p", {}, preview.remotes && preview.remotes.length
        ? `Push branch ${preview.branch} to ${preview.remotes.join(" and ")} (never forced).`
        : `No push; commits on branch ${preview.branch}.`),
      (preview.commits || []).length
        ? preview.commits.map((c) => el("div", { class: "commit" },
          el("pre", { class: "commit-message" }, c.message),
          el("ul", { class: "files" }, c.files.map((f) => el("li", {}, el("code", {}, f))))))
        : el("p", { class: "muted" }, "No new commit."),
      (preview.unpushed_commits || []).length
        ? el("div", {}, "Already on the branch, sent with the push:", el("ul", {}, preview.unpushed_commits.map((s) => el("li", {}, s))))
        : null);
  }

  /** The plan's estimated cost: the range first, then per chunk (cost-estimate.json, written by divide and build_start). */
  function costEstimate(e) {
    if (e.low_usd === undefined) return keyValues(e);
    return el("div", {},
      el("p", { id: "cost-range" }, `${money(e.low_usd)} – ${money(e.high_usd)} (expected ${money(e.expected_usd)}) with the ${e.runner} runner`),
      el("p", { class: "muted" }, `${e.basis}; ${e.retries_per_chunk} retries and ${e.reviews_per_chunk} reviews per chunk expected.`),
      el("table", { class: "kv" }, el("tbody", {}, (e.chunks || []).map((c) =>
        el("tr", {}, el("th", { align: "left" }, `${c.id} [${c.tier}${c.opus_review ? ", opus review" : ""}]`),
          el("td", {}, `${money(c.low_usd)} – ${money(c.high_usd)} (expected ${money(c.expected_usd)})`))))));
  }

  function card(id, title, ...body) {
    return el("section", { class: "card doc", id }, el("h3", {}, title), ...body);
  }

  /** Every view of a session's documents, in the order the gates come. */
  function sessionDocuments(docs) {
    const views = [];
    views.push(card("spec-view", "Spec", docs.spec ? markdown(docs.spec) : el("p", { class: "muted" }, "No spec yet (spec writes it).")));
    views.push(card("plan-view", "Plan", docs.plan ? markdown(docs.plan) : el("p", { class: "muted" }, "No plan yet (plan writes it)."),
      docs.gaps.length ? el("div", { class: "callout", id: "plan-gaps" }, el("strong", {}, "Gaps"), el("ul", {}, docs.gaps.map((g) => el("li", {}, g)))) : null,
      docs.open_questions.length ? el("div", { class: "callout", id: "plan-questions" }, el("strong", {}, "Open questions"), el("ul", {}, docs.open_questions.map((q) => el("li", {}, q)))) : null));
    if (docs.chunks.length) {
      views.push(card("chunks-view", "Chunk plan",
        el("p", { class: "muted" }, `${docs.chunks.length} chunk(s)`, docs.tests_required ? " · tests required" : ""),
        el("div", { class: "scroll" }, chunkTable(docs.chunks)),
        el("h4", {}, "Dependencies"),
        dependencyGraph(docs.chunks)));
    }
    if (docs.cost_estimate) views.push(card("cost-view", "Cost estimate", costEstimate(docs.cost_estimate)));
    if (docs.publish) views.push(card("publish-view", "Publish: what close would commit and push", publish(docs.publish)));
    if (docs.close_report) views.push(card("close-view", "Close report", markdown(docs.close_report)));
    if (docs.issues.length) {
      views.push(card("issues-view", "Issues filed", el("ul", {}, docs.issues.map((i) =>
        el("li", {}, `#${i.number} ${i.title}`, i.labels.length ? el("span", { class: "muted" }, " (" + i.labels.join(", ") + ")") : null)))));
    }
    return views;
  }

  return { el, fill, pill, money, duration, when, renderChunk, renderFinding, renderAttempts, renderCluster, markdown, chunkTable, dependencyGraph, sessionDocuments };
})();
