// The reports page: the live dashboard (supervisors, leaders, admins) and
// the archive of generated reports (also departments, who get their own
// rows). Charts by Apache ECharts (vendor/echarts, embedded, no CDN). Its
// words are the console's texts dash.*, reports.* and duty.* (meta.texts).
(function () {
  "use strict";
  var $ = function (id) { return document.getElementById(id); };
  var charts = {};
  var me = null, M = null;
  // T returns the console's text of id (meta.texts), its {name}
  // placeholders filled from vars.
  function T(id, vars) {
    var s = M && M.texts ? M.texts[id] : undefined;
    if (typeof s !== "string") return id;
    return fillText(s, vars);
  }
  function fillText(s, vars) {
    return vars ? s.replace(/\{(\w+)\}/g, function (m, k) { return Object.prototype.hasOwnProperty.call(vars, k) ? String(vars[k]) : m; }) : s;
  }

  function get(url) {
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } }).then(function (r) {
      if (r.status === 401) { location.href = "/desk/login?next=" + encodeURIComponent(location.pathname); throw new Error("login"); }
      if (!r.ok) throw new Error(url + ": " + r.status);
      return r.json();
    });
  }
  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = text;
    if (cls) e.className = cls;
    return e;
  }
  function pct(x) { return (x * 100).toFixed(1) + "%"; }
  function chart(id) {
    if (!charts[id]) charts[id] = echarts.init($(id), null, { renderer: "svg" });
    return charts[id];
  }
  function kindLabel(k) {
    return k === "weekly" ? T("reports.weekly") : k === "monthly" ? T("reports.monthly") : k === "quarterly" ? T("reports.quarterly") : k === "range" ? T("reports.range") : k;
  }

  function kpi(label, value, sub, warn) {
    var d = el("div", null, "kpi" + (warn ? " warn" : ""));
    d.appendChild(document.createTextNode(label));
    d.appendChild(el("b", value));
    if (sub) d.appendChild(el("span", sub, "muted"));
    return d;
  }

  function drawDashboard(d) {
    $("dash").hidden = false;
    $("dash-month").textContent = d.month;
    var k = $("kpis");
    k.textContent = "";
    k.appendChild(kpi(T("dash.today"), String(d.today)));
    k.appendChild(kpi(T("dash.overdue"), String(d.overdue), T("dash.overdue_sub"), d.overdue > 0));
    k.appendChild(kpi(T("dash.month"), String(d.month_received)));
    k.appendChild(kpi(T("dash.satisfaction"), pct(d.satisfaction.rate), T("dash.rated", { n: d.satisfaction.rated })));
    k.appendChild(kpi(T("dash.accuracy"), pct(d.dispatch_accuracy.all.rate), T("dash.accuracy_sub", { auto: pct(d.dispatch_accuracy.auto.rate), manual: pct(d.dispatch_accuracy.manual.rate) })));

    var hours = [];
    for (var i = 0; i < 24; i++) hours.push(T("dash.hour", { h: i }));
    chart("c-hour").setOption({
      title: { text: T("dash.by_hour"), left: "center", textStyle: { fontSize: 14 } },
      tooltip: { trigger: "axis" }, grid: { left: 40, right: 16, bottom: 30, top: 40 },
      xAxis: { type: "category", data: hours }, yAxis: { type: "value", minInterval: 1 },
      series: [{ type: "bar", name: T("dash.received"), data: d.by_hour, itemStyle: { color: "#2e86c1" } }]
    });
    // Nothing received today: the ring says so rather than staying empty.
    var channels = (d.by_channel || []).filter(function (v) { return v.count > 0; });
    chart("c-channel").setOption({
      title: { text: T("dash.by_channel"), subtext: channels.length ? "" : T("dash.none_today"), left: "center", textStyle: { fontSize: 14 } },
      tooltip: { trigger: "item" },
      series: [{ type: "pie", radius: ["35%", "65%"], top: 30,
        data: channels.map(function (v) { return { name: v.label, value: v.count }; }) }]
    });
    chart("c-queue").setOption({
      title: { text: T("dash.queues"), left: "center", textStyle: { fontSize: 14 } },
      tooltip: { trigger: "axis" }, grid: { left: 70, right: 24, bottom: 24, top: 40 },
      xAxis: { type: "value", minInterval: 1 },
      yAxis: { type: "category", data: d.queues.map(function (q) { return q.label; }) },
      series: [{ type: "bar", name: T("dash.orders"), data: d.queues.map(function (q) { return q.count; }), itemStyle: { color: "#16a085" } }]
    });
    chart("c-trend").setOption({
      title: { text: T("dash.trend"), left: "center", textStyle: { fontSize: 14 } },
      tooltip: { trigger: "axis" }, legend: { bottom: 0 }, grid: { left: 40, right: 50, bottom: 50, top: 40 },
      xAxis: { type: "category", data: d.trend.map(function (t) { return t.day.slice(5); }) },
      yAxis: [{ type: "value", name: T("dash.received"), minInterval: 1 }, { type: "value", name: T("dash.rate"), min: 0, max: 100 }],
      series: [
        { type: "bar", name: T("dash.received_count"), data: d.trend.map(function (t) { return t.received; }), itemStyle: { color: "#aab7c4" } },
        { type: "line", name: T("dash.rate_pct"), yAxisIndex: 1, smooth: true,
          data: d.trend.map(function (t) { return t.rated ? +(t.rate * 100).toFixed(1) : null; }), itemStyle: { color: "#c0392b" } }
      ]
    });

    // Early in a month few departments or none are ranked: the server
    // says why (ranking_note, each league's note) instead of empty charts.
    var box = $("leagues");
    var none = $("ranking-note");
    if (!none) { none = el("p", null, "muted ranking-note"); none.id = "ranking-note"; box.parentNode.insertBefore(none, box); }
    none.textContent = d.ranking_note || "";
    none.hidden = !d.ranking_note;
    (d.leagues || []).forEach(function (lg, idx) {
      var id = "c-league-" + idx, rows = lg.rows.filter(function (r) { return r.rank > 0; }).slice(0, 12).reverse();
      var wrap = $("league-" + idx);
      if (!wrap) {
        wrap = el("div", null, "league"); wrap.id = "league-" + idx;
        var c = el("div", null, "chart tall"); c.id = id; wrap.appendChild(c);
        var n = el("p", null, "muted league-note"); n.id = "league-note-" + idx; wrap.appendChild(n);
        box.appendChild(wrap);
      }
      var note = $("league-note-" + idx);
      note.textContent = lg.note || "";
      note.hidden = !lg.note;
      $(id).hidden = !rows.length;
      if (!rows.length) {
        // Nobody ranked in this league yet: its name and the note only.
        note.textContent = T("dash.league_unranked", { label: lg.label, note: lg.note || "" });
        return;
      }
      chart(id).setOption({
        title: { text: T("dash.league", { label: lg.label }), left: "center", textStyle: { fontSize: 14 } },
        tooltip: { trigger: "axis" }, grid: { left: 150, right: 40, bottom: 24, top: 40 },
        xAxis: { type: "value", min: 0, max: 100 },
        yAxis: { type: "category", data: rows.map(function (r) { return r.rank + ". " + r.department; }) },
        series: [{ type: "bar", name: T("dash.score"), data: rows.map(function (r) { return r.score; }),
          label: { show: true, position: "right" }, itemStyle: { color: "#2e86c1" } }]
      });
    });

    var tb = $("instr").tBodies[0];
    tb.textContent = "";
    (d.instructions || []).forEach(function (o) {
      var tr = el("tr");
      var a = el("a", o.number); a.href = "/desk/orders/" + encodeURIComponent(o.number);
      var td = el("td"); td.appendChild(a); tr.appendChild(td);
      // Two deadlines, each in its own column: the instruction's own
      // (an instruction given before it was kept has none) and the order's.
      [o.title, o.department, o.instruction_state_label || o.status_label, o.instruction_due || T("dash.no_due"), o.due || T("dash.no_due"), (o.leader ? T("dash.leader", { name: o.leader }) : "") + o.instruction].forEach(function (t) { tr.appendChild(el("td", t)); });
      if (o.instruction_state === "overdue") tr.className = "overdue";
      tb.appendChild(tr);
    });
    if (!d.instructions || !d.instructions.length) {
      var tr = el("tr"); var td = el("td", T("common.none"), "muted"); td.colSpan = 7; tr.appendChild(td); tb.appendChild(tr);
    }
    labelCells($("instr"));
    $("updated").textContent = T("dash.updated", { time: d.now.slice(11, 19) });
  }

  // labelCells names each cell after its column's heading (data-label),
  // which a phone's narrow screen shows before the value, a row a card.
  function labelCells(table) {
    var heads = Array.prototype.map.call(table.tHead.rows[0].cells, function (th) { return th.textContent; });
    Array.prototype.forEach.call(table.tBodies[0].rows, function (tr) {
      Array.prototype.forEach.call(tr.cells, function (td, i) { if (td.colSpan === 1 && heads[i]) td.setAttribute("data-label", heads[i]); });
    });
  }

  function drawArchive(list) {
    var tb = $("archive-list").tBodies[0];
    tb.textContent = "";
    list.reports.forEach(function (e) {
      var tr = el("tr");
      tr.appendChild(el("td", kindLabel(e.kind)));
      tr.appendChild(el("td", e.label));
      tr.appendChild(el("td", T("reports.span", { from: e.from, to: e.to })));
      tr.appendChild(el("td", String(e.received), "n"));
      tr.appendChild(el("td", e.generated_at.replace("T", " ").slice(0, 16)));
      var td = el("td");
      ["html", "xlsx", "json"].forEach(function (f) {
        var a = el("a", f.toUpperCase());
        a.href = "/desk/api/reports/" + encodeURIComponent(e.kind) + "/" + encodeURIComponent(e.period) + "?format=" + f;
        if (f === "html") a.target = "_blank";
        td.appendChild(a);
      });
      tr.appendChild(td);
      tb.appendChild(tr);
    });
    if (!list.reports.length) {
      var tr = el("tr"); var td = el("td", T("reports.empty"), "muted"); td.colSpan = 6; tr.appendChild(td); tb.appendChild(tr);
    }
    labelCells($("archive-list"));
  }

  function drawDuty(d) {
    $("duty-days").textContent = String(d.publish_days);
    var tb = $("duty-list").tBodies[0];
    tb.textContent = "";
    var planner = me && M.can.duty_plan.indexOf(me.role) >= 0;
    d.sessions.forEach(function (s) {
      var tr = el("tr");
      // The planners read which console account takes the session, as the
      // server reckons it (taker: the account kept when planned, else the
      // one leader account of the leader's display name, taker_by_name),
      // or that none does, whose leader is then told of nothing.
      var who = s.title + " " + s.leader + (planner ? (!s.taker ? T("duty.leader_no_account") : s.taker_by_name ? T("duty.leader_account_by_name", { account: s.taker }) : T("duty.leader_account", { account: s.taker })) : "");
      [s.date, s.start + "-" + s.end, who, s.department || "", s.topic || ""].forEach(function (t) { tr.appendChild(el("td", t)); });
      var td = el("td");
      if (planner) {
        var b = el("button", T("duty.delete"), "duty-delete");
        b.type = "button";
        // A session may be public already: deleting asks first, naming
        // it, and a refusal says why (it was deleted without a word, and
        // a failure went unseen).
        b.onclick = function () {
          if (!confirm(T("duty.delete_confirm", { date: s.date, time: s.start + "-" + s.end, leader: s.title + " " + s.leader }))) return;
          fetch("/desk/api/duty/" + encodeURIComponent(s.id) + "/delete", { method: "POST", credentials: "same-origin" })
            .then(function (r) { return r.json().then(function (j) { if (!r.ok) throw new Error(j.error ? j.error.message : T("duty.delete_failed")); return j; }, function () { if (!r.ok) throw new Error(T("duty.delete_failed")); return {}; }); })
            .then(function (j) { dutyDone(j.done); return loadDuty(); })
            .catch(dutyFailed);
        };
        td.appendChild(b);
      }
      tr.appendChild(td);
      tb.appendChild(tr);
    });
    if (!d.sessions.length) {
      var tr = el("tr"); var td = el("td", T("duty.empty"), "muted"); td.colSpan = 6; tr.appendChild(td); tb.appendChild(tr);
    }
    labelCells($("duty-list"));
    $("duty-form").hidden = !planner;
  }
  // dutyDone says what a planning or a deletion did (done: the id of a
  // console text named by the server, desk/confirm.go, and its values);
  // dutyFailed why it was refused.
  function dutyDone(d) {
    $("duty-error").hidden = true;
    var s = d && M && M.texts ? M.texts[d.id] : undefined;
    $("duty-done").textContent = typeof s === "string" ? fillText(s, d.vars) : "";
    $("duty-done").hidden = typeof s !== "string";
  }
  function dutyFailed(err) {
    $("duty-done").hidden = true;
    $("duty-error").textContent = err.message; $("duty-error").hidden = false;
  }
  function loadDuty() { return get("/desk/api/duty").then(drawDuty).catch(function (e) { console.error(e); }); }
  $("duty-form").addEventListener("submit", function (e) {
    e.preventDefault();
    var body = { date: $("duty-date").value, start: $("duty-start").value, end: $("duty-end").value, leader: $("duty-leader").value,
      title: $("duty-title").value, department: $("duty-dept").value, topic: $("duty-topic").value, account: $("duty-account").value };
    fetch("/desk/api/duty", { method: "POST", credentials: "same-origin", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) })
      .then(function (r) { return r.json().then(function (j) { if (!r.ok) throw new Error(j.error ? j.error.message : T("duty.add_failed")); return j; }); })
      .then(function (j) { dutyDone(j.done); $("duty-leader").value = ""; $("duty-topic").value = ""; $("duty-account").value = ""; return loadDuty(); })
      .catch(dutyFailed);
  });

  function refresh() {
    if (me && M.can.dashboard.indexOf(me.role) >= 0) {
      get("/desk/api/dashboard").then(drawDashboard).catch(function (e) { $("updated").textContent = T("dash.failed"); console.error(e); });
    }
    get("/desk/api/reports").then(drawArchive).catch(function (e) { console.error(e); });
  }

  Promise.all([get("/desk/api/me"), get("/desk/api/meta")]).then(function (r) {
    me = r[0]; M = r[1];
    refresh();
    loadDuty();
    setInterval(refresh, 15000);
  });
  window.addEventListener("resize", function () { Object.keys(charts).forEach(function (k) { charts[k].resize(); }); });
})();
