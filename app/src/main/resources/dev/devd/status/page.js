// devd's status page: the overview at / and one resource at /r/NAME. It follows /api/events (server-sent events,
// with the cookie the sign-in link set) and never polls; buttons post to /api/trigger, /api/enable and /api/disable.
// No inline handlers: the page's Content-Security-Policy runs this file only.
"use strict";

const MAX_LINES = 5000;
const RESOURCE_PREFIX = "/r/";
const viewed = location.pathname.startsWith(RESOURCE_PREFIX)
  ? decodeURIComponent(location.pathname.slice(RESOURCE_PREFIX.length)) : null;

let resources = [];
let labelFilter = null;
let lastLine = 0;
let source = null;

// ---- small helpers ----

function el(tag, className, text) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined && text !== null) e.textContent = text;
  return e;
}

// Refills an element only when what it shows changed, so a link or button is not replaced under the pointer.
function fill(element, key, build) {
  if (element.devdKey === key) return;
  element.devdKey = key;
  element.replaceChildren(...build());
}

function duration(ms) {
  if (ms < 1000) return ms + "ms";
  if (ms < 60000) return (Math.round(ms / 100) / 10) + "s";
  const s = Math.round(ms / 1000);
  if (s < 3600) return Math.floor(s / 60) + "m" + (s % 60 ? (s % 60) + "s" : "");
  const m = Math.round(s / 60);
  return Math.floor(m / 60) + "h" + (m % 60 ? (m % 60) + "m" : "");
}

function ago(iso) {
  const ms = Date.now() - Date.parse(iso);
  return ms < 1000 ? "just now" : duration(Math.floor(ms / 1000) * 1000) + " ago";
}

function clock(iso, seconds) {
  const options = {hour: "2-digit", minute: "2-digit", hour12: false};
  if (seconds) options.second = "2-digit";
  return new Date(iso).toLocaleTimeString([], options);
}

function resourceUrl(name) {
  return RESOURCE_PREFIX + encodeURIComponent(name);
}

function say(text) {
  document.getElementById("message").textContent = text;
}

function stateBadge(r) {
  return r.enabled ? el("span", "state " + r.state, r.state) : el("span", "state disabled", "disabled");
}

function firstLine(text) {
  const lines = (text || "").split("\n");
  return lines[0] + (lines.length > 1 ? " …" : "");
}

// Only http and https links become anchors (the server accepts no others either), shown without the scheme, with the
// label (a port-forward's ports) beside them.
function linkNodes(r, tag) {
  return r.links.filter(link => /^https?:\/\//i.test(link.url)).map(link => {
    const item = el(tag, "link");
    const a = el("a", "", link.url.replace(/^https?:\/\//i, "").replace(/\/$/, ""));
    a.href = link.url;
    a.target = "_blank";
    a.rel = "noopener noreferrer";
    item.append(a);
    if (link.label) item.append(el("span", "muted", " " + link.label));
    return item;
  });
}

function deployedNodes(r) {
  const nodes = [];
  if (r.deployedRef) {
    const failed = r.lastPass && !r.lastPass.ok;
    nodes.push(el("div", "ref", (failed ? "still running " : "") + r.deployedRef));
  }
  if (r.liveUpdate) {
    const files = r.liveUpdate.files === 1 ? "1 file" : r.liveUpdate.files + " files";
    nodes.push(el("div", "muted", "live-updated " + (r.liveUpdate.files > 0 ? files + " " : "") + "at "
      + clock(r.liveUpdate.at, false)));
  }
  return nodes;
}

function podText(p) {
  return p.name + " " + p.phase + (p.ready ? " ready" : " not ready") + (p.restarts ? ", " + p.restarts + " restarts" : "")
    + (p.crashLooping ? ", crash-looping" : "");
}

function podNodes(r, tag) {
  return r.pods.map(p => el(tag, "pod" + (p.crashLooping || !p.ready ? " bad" : ""), podText(p)));
}

const KIND_SHOWN = {build: "build", liveUpdate: "live update", cached: "cached", deployOnly: "deploy only",
  command: "command", nothing: "nothing to do"};

function currentText(r) {
  return r.currentPass ? KIND_SHOWN[r.currentPass.kind] + ": " + r.currentPass.reason + ", since "
    + ago(r.currentPass.startedAt) : "";
}

// ---- actions ----

async function post(path, name, button, done) {
  button.disabled = true;
  try {
    const response = await fetch(path + encodeURIComponent(name), {method: "POST"});
    const body = await response.json();
    say(response.ok ? done : body.error);
  } catch (e) {
    say("devd up did not answer: " + e);
  } finally {
    button.disabled = false;
  }
}

function trigger(name, button) {
  post("/api/trigger/", name, button, "update of " + name + " triggered");
}

function toggle(r, button) {
  post(r.enabled ? "/api/disable/" : "/api/enable/", r.name, button, (r.enabled ? "disabled " : "enabled ") + r.name);
}

// ---- the overview ----

// Rows live as long as their resource; only their cells are refilled, so a click on a button is never swallowed.
const rows = new Map();
const COLUMNS = ["Resource", "State", "Last update", "Deployed / error", "Pods", "Links", ""];

function row(r) {
  let row = rows.get(r.name);
  if (!row) {
    const tr = el("tr");
    tr.dataset.resource = r.name;
    const cells = COLUMNS.map(label => {
      const td = el("td");
      if (label) td.dataset.label = label;
      tr.append(td);
      return td;
    });
    cells[0].className = "name";
    const button = el("button", "", "Trigger update");
    button.type = "button";
    button.setAttribute("aria-label", "Trigger an update of " + r.name);
    button.addEventListener("click", () => trigger(r.name, button));
    cells[6].append(button);
    row = {tr, cells};
    rows.set(r.name, row);
  }
  const [name, state, last, result, pods, links] = row.cells;
  fill(name, JSON.stringify([r.name, r.labels, r.kind, r.triggerMode]), () => {
    const a = el("a", "", r.name);
    a.href = resourceUrl(r.name);
    const chips = r.labels.map(label => {
      const chip = el("button", "label", label);
      chip.type = "button";
      chip.title = "Show only the resources labelled " + label;
      chip.addEventListener("click", () => filterLabel(label));
      return chip;
    });
    return [a, ...chips, el("div", "muted", r.kind + (r.triggerMode === "manual" ? " · manual" : ""))];
  });
  const current = currentText(r);
  fill(state, JSON.stringify([r.enabled, r.state, r.pendingChanges, current]), () => {
    const nodes = [stateBadge(r)];
    if (r.pendingChanges > 0) nodes.push(el("span", "muted", " " + r.pendingChanges + " pending"));
    if (current) nodes.push(el("div", "muted", current));
    return nodes;
  });
  const lastText = r.lastPass ? ago(r.lastPass.finishedAt) + ", " + KIND_SHOWN[r.lastPass.kind] + ", took "
    + duration(r.lastPass.durationMs) : "never";
  fill(last, JSON.stringify([lastText, r.lastPass && r.lastPass.reason]), () => r.lastPass
    ? [el("div", "", lastText), el("div", "muted", r.lastPass.reason)] : [el("span", "muted", "never")]);
  fill(result, JSON.stringify([r.lastPass, r.deployedRef, r.liveUpdate]), () => {
    const nodes = [];
    if (r.lastPass && !r.lastPass.ok) nodes.push(el("div", "error", firstLine(r.lastPass.error)));
    return nodes.concat(deployedNodes(r));
  });
  fill(pods, JSON.stringify(r.pods.map(podText)), () => podNodes(r, "div"));
  fill(links, JSON.stringify(r.links), () => linkNodes(r, "div"));
  return row.tr;
}

function renderOverview() {
  const shown = resources.filter(r => labelFilter === null || r.labels.includes(labelFilter)).map(row);
  for (const name of [...rows.keys()]) {
    if (!resources.some(r => r.name === name)) rows.delete(name);
  }
  if (shown.length === 0) {
    const cell = el("td", "muted", "no resources yet");
    cell.colSpan = COLUMNS.length;
    shown.push(el("tr"));
    shown[0].append(cell);
  }
  const body = document.getElementById("resources");
  // Re-attach rows only when the set or order changed (a resource came or went).
  if (shown.length !== body.children.length || shown.some((tr, i) => body.children[i] !== tr)) {
    body.replaceChildren(...shown);
  }
}

// Labels group resources (devd.yaml's resources.NAME.labels): a click on one shows only the resources that carry it.
function filterLabel(label) {
  labelFilter = label;
  document.getElementById("filter").hidden = label === null;
  document.getElementById("filter-label").textContent = label === null ? "" : label;
  renderOverview();
}

// ---- one resource ----

function fact(term, ...nodes) {
  const dt = el("dt", "", term);
  const dd = el("dd");
  dd.append(...nodes);
  return [dt, dd];
}

function historyRow(pass) {
  const tr = el("tr");
  const cells = [
    ["Started", el("time", "", clock(pass.startedAt, true))],
    ["Reason", document.createTextNode(pass.reason || "—")],
    ["Kind", document.createTextNode(KIND_SHOWN[pass.kind])],
    ["Took", document.createTextNode(duration(pass.durationMs))],
    ["Result", pass.ok ? el("span", "state ok", "ok") : el("span", "state failed", "failed")],
    ["Deployed", pass.deployedRef ? el("span", "ref", pass.deployedRef)
      : pass.syncedFiles ? el("span", "muted", pass.syncedFiles + (pass.syncedFiles === 1 ? " file" : " files") + " synced")
      : document.createTextNode("")],
  ];
  for (const [label, node] of cells) {
    const td = el("td");
    td.dataset.label = label;
    td.append(node);
    tr.append(td);
  }
  tr.firstChild.firstChild.dateTime = pass.startedAt;
  tr.classList.add(pass.ok ? "passed" : "failed");
  if (!pass.ok && pass.error) {
    const error = el("tr", "history-error");
    const td = el("td", "error", pass.error);
    td.colSpan = 6;
    error.append(td);
    return [tr, error];
  }
  return [tr];
}

function renderResource() {
  const r = resources.find(candidate => candidate.name === viewed);
  document.getElementById("r-missing").hidden = r !== undefined;
  for (const id of ["r-trigger", "r-switch"]) document.getElementById(id).hidden = r === undefined;
  if (r === undefined) return;
  document.getElementById("r-switch").textContent = r.enabled ? "Disable" : "Enable";
  const current = currentText(r);
  fill(document.getElementById("r-state"), JSON.stringify([r.enabled, r.state, current]), () =>
    current ? [stateBadge(r), el("span", "muted", " " + current)] : [stateBadge(r)]);
  fill(document.getElementById("r-facts"), JSON.stringify([r.kind, r.triggerMode, r.labels, r.deployedRef, r.liveUpdate,
    r.lastPass, r.pendingChanges]), () => {
    const facts = [...fact("Kind", document.createTextNode(r.kind + (r.triggerMode === "manual" ? " (manual trigger)" : "")))];
    if (r.labels.length) facts.push(...fact("Labels", document.createTextNode(r.labels.join(", "))));
    const deployed = deployedNodes(r);
    facts.push(...fact("Deployed", ...(deployed.length ? deployed : [el("span", "muted", "nothing yet")])));
    if (r.pendingChanges > 0) facts.push(...fact("Waiting", document.createTextNode(r.pendingChanges + " changed files")));
    if (r.lastPass && !r.lastPass.ok) facts.push(...fact("Error", el("div", "error", r.lastPass.error)));
    return facts;
  });
  fill(document.getElementById("r-links"), JSON.stringify(r.links), () => {
    const items = linkNodes(r, "li");
    return items.length ? items : [el("li", "muted", "none")];
  });
  fill(document.getElementById("r-pods"), JSON.stringify(r.pods.map(podText)), () => {
    const pods = podNodes(r, "li");
    return pods.length ? pods : [el("li", "muted", "none")];
  });
  fill(document.getElementById("r-history"), JSON.stringify(r.history), () => {
    const trs = [...r.history].reverse().flatMap(historyRow);
    if (trs.length) return trs;
    const tr = el("tr");
    const td = el("td", "muted", "no update has finished yet");
    td.colSpan = 6;
    tr.append(td);
    return [tr];
  });
}

// ---- logs ----

function logElement() {
  return document.getElementById(viewed === null ? "all-log" : "r-log");
}

function appendLines(lines) {
  const log = logElement();
  const atBottom = log.scrollTop + log.clientHeight >= log.scrollHeight - 4;
  for (const line of lines) {
    const div = el("div", "line " + line.source);
    const time = el("time", "", clock(line.time, true));
    time.dateTime = line.time;
    div.append(time);
    if (viewed === null && line.resource) div.append(el("span", "prefix", "[" + line.resource + "] "));
    div.append(document.createTextNode(line.text));
    log.append(div);
  }
  while (log.childElementCount > MAX_LINES) log.firstElementChild.remove();
  if (atBottom) log.scrollTop = log.scrollHeight;
}

// ---- the connection ----

function connection(live, text) {
  const shown = document.getElementById("connection");
  shown.textContent = text;
  shown.className = "connection" + (live ? "" : " down");
}

function render() {
  if (viewed === null) renderOverview();
  else renderResource();
}

// Follows /api/events. The browser reconnects by itself when the connection drops and resumes after the last line it
// had; a refusal (devd up restarted with a new token, say) closes the stream, and then a new one is tried every few
// seconds, from the first line again, so opening devd up's new link in another tab brings this one back too.
function connect() {
  let url = "/api/events?after=" + lastLine;
  if (viewed !== null) url += "&resource=" + encodeURIComponent(viewed);
  source = new EventSource(url);
  source.addEventListener("open", () => connection(true, "live"));
  source.addEventListener("status", event => {
    resources = JSON.parse(event.data);
    render();
  });
  source.addEventListener("logs", event => {
    const page = JSON.parse(event.data);
    appendLines(page.lines);
    lastLine = page.next;
  });
  source.addEventListener("error", () => {
    if (source.readyState === EventSource.CLOSED) {
      connection(false, "not signed in to this devd up: open the link it printed on its terminal");
      source.close();
      lastLine = 0;
      logElement().replaceChildren();
      setTimeout(connect, 3000);
    } else {
      connection(false, "devd up is not answering (stopped?); reconnecting…");
    }
  });
}

function start() {
  document.getElementById(viewed === null ? "overview" : "resource").hidden = false;
  if (viewed === null) {
    document.getElementById("show-all-labels").addEventListener("click", () => filterLabel(null));
  } else {
    document.title = viewed + " · devd";
    document.getElementById("r-name").textContent = viewed;
    const triggerButton = document.getElementById("r-trigger");
    triggerButton.addEventListener("click", () => trigger(viewed, triggerButton));
    const switchButton = document.getElementById("r-switch");
    switchButton.addEventListener("click", () => {
      const r = resources.find(candidate => candidate.name === viewed);
      if (r) toggle(r, switchButton);
    });
    for (const radio of document.querySelectorAll("input[name=log-filter]")) {
      radio.addEventListener("change", () => {
        const log = document.getElementById("r-log");
        log.classList.toggle("only-build", radio.value === "build" && radio.checked);
        log.classList.toggle("only-runtime", radio.value === "runtime" && radio.checked);
      });
    }
  }
  connect();
  // Times shown as "3s ago" move on without asking devd up anything.
  setInterval(render, 1000);
}

start();
