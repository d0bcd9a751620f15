package dev.devd.status;

import java.util.List;

/**
 * The status page: one self-contained HTML document (no external assets) listing the resources as they are when it
 * is served, then kept current by its script, which polls {@code /api/status} and {@code /api/logs} every second and
 * posts to {@code /api/trigger/NAME} with the run's token. The token is in the page once, in a meta tag; other web
 * sites cannot read the page (no CORS, and the server refuses foreign Origins and Hosts).
 */
final class StatusPage {
  private StatusPage() {}

  static String render(List<ResourceStatus> resources, String token, String nonce) {
    StringBuilder rows = new StringBuilder();
    for (ResourceStatus status : resources) {
      rows.append("<tr><td class=\"name\">").append(escape(status.name()));
      for (String label : status.labels()) rows.append(" <span class=\"label\">").append(escape(label)).append("</span>");
      rows.append("</td><td>")
          .append(escape(status.kind())).append("</td><td><span class=\"state ").append(status.state().shown()).append("\">")
          .append(status.state().shown()).append("</span></td><td></td><td></td><td></td><td></td></tr>\n");
    }
    if (resources.isEmpty()) rows.append("<tr><td colspan=\"7\">no resources yet</td></tr>\n");
    return TEMPLATE.replace("{{nonce}}", nonce).replace("{{token}}", escape(token)).replace("{{rows}}", rows);
  }

  static String escape(String text) {
    StringBuilder escaped = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      switch (c) {
        case '&' -> escaped.append("&amp;");
        case '<' -> escaped.append("&lt;");
        case '>' -> escaped.append("&gt;");
        case '"' -> escaped.append("&quot;");
        case '\'' -> escaped.append("&#39;");
        default -> escaped.append(c);
      }
    }
    return escaped.toString();
  }

  private static final String TEMPLATE = """
      <!DOCTYPE html>
      <html lang="en">
      <head>
      <meta charset="utf-8">
      <meta name="viewport" content="width=device-width, initial-scale=1">
      <meta name="devd-token" content="{{token}}">
      <title>devd</title>
      <style nonce="{{nonce}}">
        body { font: 14px system-ui, sans-serif; margin: 0; color: #1d2330; background: #f6f7f9; }
        header { padding: 10px 16px; background: #1d2330; color: #fff; display: flex; gap: 16px; align-items: baseline; }
        header h1 { font-size: 16px; margin: 0; }
        #connection { font-size: 12px; opacity: .8; }
        #connection.down { color: #ffb4a8; opacity: 1; }
        main { padding: 12px 16px; }
        table { border-collapse: collapse; width: 100%; background: #fff; }
        th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid #e3e6eb; vertical-align: top; }
        th { font-size: 12px; color: #5b6474; font-weight: 600; }
        td.name button { font: inherit; font-weight: 600; border: 0; background: none; padding: 0; cursor: pointer; color: #1d4ed8; }
        tr.selected td { background: #eef3ff; }
        .state { padding: 1px 6px; border-radius: 8px; font-size: 12px; }
        .state.pending { background: #e5e7eb; }
        .state.updating { background: #fde68a; }
        .state.ok { background: #bbf7d0; }
        .state.failed { background: #fecaca; }
        .muted { color: #7a8394; }
        .error { color: #b42318; white-space: pre-wrap; }
        .ref, .pod { font-family: ui-monospace, monospace; font-size: 12px; }
        .pod.bad { color: #b42318; }
        .label { font-size: 11px; padding: 0 6px; margin-left: 4px; border-radius: 8px; background: #e0e7ff; color: #3730a3;
                 border: 0; cursor: pointer; }
        #filter { margin: 0 0 8px; font-size: 13px; }
        #logs-title { margin: 16px 0 6px; font-size: 14px; display: flex; gap: 8px; align-items: baseline; }
        #log { background: #11151c; color: #d6dae2; font: 12px/1.45 ui-monospace, monospace; padding: 8px; margin: 0;
               height: 45vh; overflow: auto; white-space: pre-wrap; word-break: break-all; }
        #log .prefix { color: #8ab4f8; }
        #message { font-size: 12px; margin-left: 8px; }
      </style>
      </head>
      <body>
      <header><h1>devd</h1><span id="connection">connecting…</span><span id="message"></span></header>
      <main>
      <div id="filter" hidden>showing label <strong id="filter-label"></strong> <button id="show-all-labels">show all</button></div>
      <table>
        <thead><tr><th>resource</th><th>kind</th><th>state</th><th>last update</th><th>deployed / error</th><th>pods</th><th></th></tr></thead>
        <tbody id="resources">
      {{rows}}  </tbody>
      </table>
      <div id="logs-title"><strong id="logs-name">all logs</strong><button id="show-all" hidden>show all</button></div>
      <pre id="log"></pre>
      </main>
      <script nonce="{{nonce}}">
      "use strict";
      const token = document.querySelector('meta[name="devd-token"]').content;
      const MAX_LINES = 5000;
      let selected = null;
      let labelFilter = null;
      let after = 0;
      let generation = 0;

      function el(tag, className, text) {
        const e = document.createElement(tag);
        if (className) e.className = className;
        if (text !== undefined && text !== null) e.textContent = text;
        return e;
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

      // Rows live as long as their resource, and only their cells are refilled each second: a row rebuilt under the
      // pointer would swallow a click on its trigger button.
      const rows = new Map();

      function row(r) {
        let row = rows.get(r.name);
        if (!row) {
          const tr = el("tr");
          const cells = [];
          for (let i = 0; i < 7; i++) tr.append(cells[i] = el("td"));
          cells[0].className = "name";
          const pick = el("button", "", r.name);
          pick.title = "show the logs of " + r.name;
          pick.addEventListener("click", () => select(r.name));
          const labels = el("span");
          cells[0].append(pick, labels);
          const button = el("button", "", "trigger update");
          button.addEventListener("click", () => trigger(r.name, button));
          cells[6].append(button);
          row = {tr, cells, labels};
          rows.set(r.name, row);
        }
        const [, kind, state, last, result, pods] = row.cells;
        row.tr.className = r.name === selected ? "selected" : "";
        kind.textContent = r.kind + (r.triggerMode === "manual" ? " (manual)" : "");
        row.labels.replaceChildren(...r.labels.map(label => {
          const chip = el("button", "label", label);
          chip.title = "show only the resources labelled " + label;
          chip.addEventListener("click", () => filterLabel(label));
          return chip;
        }));

        state.replaceChildren(el("span", "state " + r.state, r.state));
        if (r.pendingChanges > 0) state.append(el("span", "muted", " " + r.pendingChanges + " pending"));
        if (r.currentPass) state.append(el("div", "muted", r.currentPass.reason + ", since " + ago(r.currentPass.startedAt)));

        if (r.lastPass) {
          last.replaceChildren(el("div", "", ago(r.lastPass.finishedAt) + ", took " + duration(r.lastPass.durationMs)),
              el("div", "muted", r.lastPass.reason));
        } else {
          last.replaceChildren(el("span", "muted", "never"));
        }

        result.replaceChildren();
        if (r.lastPass && !r.lastPass.ok) result.append(el("div", "error", r.lastPass.error));
        if (r.deployedRef) result.append(el("div", "ref", (r.lastPass && !r.lastPass.ok ? "still running " : "") + r.deployedRef));

        pods.replaceChildren();
        for (const p of r.pods) {
          const bad = p.crashLooping || !p.ready;
          pods.append(el("div", "pod" + (bad ? " bad" : ""), p.name + " " + p.phase + (p.ready ? " ready" : " not ready")
              + (p.restarts ? ", " + p.restarts + " restarts" : "") + (p.crashLooping ? ", crash-looping" : "")));
        }
        return row.tr;
      }

      function say(text) {
        document.getElementById("message").textContent = text;
      }

      async function trigger(name, button) {
        button.disabled = true;
        try {
          const response = await fetch("/api/trigger/" + encodeURIComponent(name),
              {method: "POST", headers: {"Authorization": "Bearer " + token}});
          const body = await response.json();
          say(response.ok ? "update of " + name + " triggered" : body.error);
        } catch (e) {
          say("devd up did not answer: " + e);
        } finally {
          button.disabled = false;
        }
      }

      async function refresh() {
        const connection = document.getElementById("connection");
        try {
          const response = await fetch("/api/status", {cache: "no-store"});
          const resources = await response.json();
          if (!response.ok) throw new Error(resources.error);
          const shown = resources.filter(r => labelFilter === null || r.labels.includes(labelFilter)).map(row);
          for (const name of [...rows.keys()]) {
            if (!resources.some(r => r.name === name)) rows.delete(name);
          }
          if (shown.length === 0) {
            const cell = el("td", "muted", "no resources yet");
            cell.colSpan = 7;
            shown.push(el("tr"));
            shown[0].append(cell);
          }
          const body = document.getElementById("resources");
          // Re-attach rows only when the set or order changed (a resource came or went).
          if (shown.length !== body.children.length || shown.some((tr, i) => body.children[i] !== tr)) {
            body.replaceChildren(...shown);
          }
          connection.textContent = "live";
          connection.className = "";
        } catch (e) {
          connection.textContent = "devd up is not answering (stopped?)";
          connection.className = "down";
        }
      }

      // Labels group resources (devd.yaml's resources.NAME.labels): a click on one shows only the resources that carry it.
      function filterLabel(label) {
        labelFilter = label;
        document.getElementById("filter").hidden = label === null;
        document.getElementById("filter-label").textContent = label === null ? "" : label;
        refresh();
      }

      function select(name) {
        selected = name;
        after = 0;
        generation++;
        document.getElementById("log").replaceChildren();
        document.getElementById("logs-name").textContent = name === null ? "all logs" : "logs of " + name;
        document.getElementById("show-all").hidden = name === null;
        for (const [rowName, row] of rows) row.tr.className = rowName === name ? "selected" : "";
      }

      async function pollLogs() {
        const mine = generation;
        let url = "/api/logs?after=" + after;
        if (selected !== null) url += "&resource=" + encodeURIComponent(selected);
        try {
          const response = await fetch(url, {cache: "no-store"});
          const page = await response.json();
          if (!response.ok || mine !== generation) return;
          const log = document.getElementById("log");
          const atBottom = log.scrollTop + log.clientHeight >= log.scrollHeight - 4;
          for (const line of page.lines) {
            const div = el("div");
            if (line.resource) div.append(el("span", "prefix", "[" + line.resource + "] "));
            div.append(document.createTextNode(line.text));
            log.append(div);
          }
          while (log.childElementCount > MAX_LINES) log.firstElementChild.remove();
          after = page.next;
          if (atBottom) log.scrollTop = log.scrollHeight;
        } catch (e) {
          // refresh() says when devd up stops answering.
        }
      }

      async function loop(work) {
        for (;;) {
          await work();
          await new Promise(resolve => setTimeout(resolve, 1000));
        }
      }

      document.getElementById("show-all").addEventListener("click", () => select(null));
      document.getElementById("show-all-labels").addEventListener("click", () => filterLabel(null));
      loop(refresh);
      loop(pollLogs);
      </script>
      </body>
      </html>
      """;
}
