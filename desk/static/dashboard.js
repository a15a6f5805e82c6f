// The reports page: the live dashboard (supervisors, leaders, admins) and
// the archive of generated reports (also departments, who get their own
// rows). Charts by Apache ECharts (vendor/echarts, embedded, no CDN).
(function () {
  "use strict";
  var $ = function (id) { return document.getElementById(id); };
  var charts = {};
  var me = null;

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
  var kindLabels = { weekly: "周报", monthly: "月报", quarterly: "季报", range: "统计" };

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
    k.appendChild(kpi("今日受理", String(d.today)));
    k.appendChild(kpi("已超期", String(d.overdue), "承办中", d.overdue > 0));
    k.appendChild(kpi("本月受理", String(d.month_received)));
    k.appendChild(kpi("本月满意率", pct(d.satisfaction.rate), "已评价 " + d.satisfaction.rated));
    k.appendChild(kpi("派单准确率", pct(d.dispatch_accuracy.all.rate), "自动 " + pct(d.dispatch_accuracy.auto.rate) + " · 人工 " + pct(d.dispatch_accuracy.manual.rate)));

    var hours = [];
    for (var i = 0; i < 24; i++) hours.push(i + "时");
    chart("c-hour").setOption({
      title: { text: "今日分时受理", left: "center", textStyle: { fontSize: 14 } },
      tooltip: { trigger: "axis" }, grid: { left: 40, right: 16, bottom: 30, top: 40 },
      xAxis: { type: "category", data: hours }, yAxis: { type: "value", minInterval: 1 },
      series: [{ type: "bar", name: "受理", data: d.by_hour, itemStyle: { color: "#2e86c1" } }]
    });
    chart("c-channel").setOption({
      title: { text: "今日受理渠道", left: "center", textStyle: { fontSize: 14 } },
      tooltip: { trigger: "item" },
      series: [{ type: "pie", radius: ["35%", "65%"], top: 30,
        data: (d.by_channel || []).map(function (v) { return { name: v.label, value: v.count }; }) }]
    });
    chart("c-queue").setOption({
      title: { text: "在办工单", left: "center", textStyle: { fontSize: 14 } },
      tooltip: { trigger: "axis" }, grid: { left: 70, right: 24, bottom: 24, top: 40 },
      xAxis: { type: "value", minInterval: 1 },
      yAxis: { type: "category", data: d.queues.map(function (q) { return q.label; }) },
      series: [{ type: "bar", name: "工单", data: d.queues.map(function (q) { return q.count; }), itemStyle: { color: "#16a085" } }]
    });
    chart("c-trend").setOption({
      title: { text: "近30天受理量与满意率", left: "center", textStyle: { fontSize: 14 } },
      tooltip: { trigger: "axis" }, legend: { bottom: 0 }, grid: { left: 40, right: 50, bottom: 50, top: 40 },
      xAxis: { type: "category", data: d.trend.map(function (t) { return t.day.slice(5); }) },
      yAxis: [{ type: "value", name: "受理", minInterval: 1 }, { type: "value", name: "满意率", min: 0, max: 100 }],
      series: [
        { type: "bar", name: "受理量", data: d.trend.map(function (t) { return t.received; }), itemStyle: { color: "#aab7c4" } },
        { type: "line", name: "满意率%", yAxisIndex: 1, smooth: true,
          data: d.trend.map(function (t) { return t.rated ? +(t.rate * 100).toFixed(1) : null; }), itemStyle: { color: "#c0392b" } }
      ]
    });

    var box = $("leagues");
    (d.leagues || []).forEach(function (lg, idx) {
      var id = "c-league-" + idx;
      if (!$(id)) { var c = el("div", null, "chart tall"); c.id = id; box.appendChild(c); }
      var rows = lg.rows.filter(function (r) { return r.rank > 0; }).slice(0, 12).reverse();
      chart(id).setOption({
        title: { text: lg.label + "（综合得分）", left: "center", textStyle: { fontSize: 14 } },
        tooltip: { trigger: "axis" }, grid: { left: 150, right: 40, bottom: 24, top: 40 },
        xAxis: { type: "value", min: 0, max: 100 },
        yAxis: { type: "category", data: rows.map(function (r) { return r.rank + ". " + r.department; }) },
        series: [{ type: "bar", name: "得分", data: rows.map(function (r) { return r.score; }),
          label: { show: true, position: "right" }, itemStyle: { color: "#2e86c1" } }]
      });
    });

    var tb = $("instr").tBodies[0];
    tb.textContent = "";
    (d.instructions || []).forEach(function (o) {
      var tr = el("tr");
      var a = el("a", o.number); a.href = "/desk/orders/" + encodeURIComponent(o.number);
      var td = el("td"); td.appendChild(a); tr.appendChild(td);
      [o.title, o.department, o.instruction_state_label || o.status_label, o.instruction_due || o.due, (o.leader ? o.leader + "：" : "") + o.instruction].forEach(function (t) { tr.appendChild(el("td", t)); });
      if (o.instruction_state === "overdue") tr.className = "overdue";
      tb.appendChild(tr);
    });
    if (!d.instructions || !d.instructions.length) {
      var tr = el("tr"); var td = el("td", "暂无", "muted"); td.colSpan = 6; tr.appendChild(td); tb.appendChild(tr);
    }
    $("updated").textContent = "更新于 " + d.now.slice(11, 19);
  }

  function drawArchive(list) {
    var tb = $("archive-list").tBodies[0];
    tb.textContent = "";
    list.reports.forEach(function (e) {
      var tr = el("tr");
      tr.appendChild(el("td", kindLabels[e.kind] || e.kind));
      tr.appendChild(el("td", e.label));
      tr.appendChild(el("td", e.from + " 至 " + e.to));
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
      var tr = el("tr"); var td = el("td", "尚未生成报表", "muted"); td.colSpan = 6; tr.appendChild(td); tb.appendChild(tr);
    }
  }

  function drawDuty(d) {
    $("duty-days").textContent = String(d.publish_days);
    var tb = $("duty-list").tBodies[0];
    tb.textContent = "";
    var planner = me && (me.role === "supervisor" || me.role === "admin");
    d.sessions.forEach(function (s) {
      var tr = el("tr");
      [s.date, s.start + "-" + s.end, s.title + " " + s.leader, s.department || "", s.topic || ""].forEach(function (t) { tr.appendChild(el("td", t)); });
      var td = el("td");
      if (planner) {
        var b = el("button", "删除");
        b.type = "button";
        b.onclick = function () {
          fetch("/desk/api/duty/" + encodeURIComponent(s.id) + "/delete", { method: "POST", credentials: "same-origin" }).then(loadDuty);
        };
        td.appendChild(b);
      }
      tr.appendChild(td);
      tb.appendChild(tr);
    });
    if (!d.sessions.length) {
      var tr = el("tr"); var td = el("td", "暂无安排", "muted"); td.colSpan = 6; tr.appendChild(td); tb.appendChild(tr);
    }
    $("duty-form").hidden = !planner;
  }
  function loadDuty() { return get("/desk/api/duty").then(drawDuty).catch(function (e) { console.error(e); }); }
  $("duty-form").addEventListener("submit", function (e) {
    e.preventDefault();
    var body = { date: $("duty-date").value, start: $("duty-start").value, end: $("duty-end").value, leader: $("duty-leader").value,
      title: $("duty-title").value, department: $("duty-dept").value, topic: $("duty-topic").value, account: $("duty-account").value };
    fetch("/desk/api/duty", { method: "POST", credentials: "same-origin", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) })
      .then(function (r) { return r.json().then(function (j) { if (!r.ok) throw new Error(j.error ? j.error.message : "添加失败"); }); })
      .then(function () { $("duty-error").hidden = true; $("duty-leader").value = ""; $("duty-topic").value = ""; $("duty-account").value = ""; return loadDuty(); })
      .catch(function (err) { $("duty-error").textContent = err.message; $("duty-error").hidden = false; });
  });

  function refresh() {
    if (me && me.role !== "department") {
      get("/desk/api/dashboard").then(drawDashboard).catch(function (e) { $("updated").textContent = "看板更新失败"; console.error(e); });
    }
    get("/desk/api/reports").then(drawArchive).catch(function (e) { console.error(e); });
  }

  get("/desk/api/me").then(function (m) {
    me = m;
    refresh();
    loadDuty();
    setInterval(refresh, 15000);
  });
  window.addEventListener("resize", function () { Object.keys(charts).forEach(function (k) { charts[k].resize(); }); });
})();
