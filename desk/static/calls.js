// The phone desk (package calls): the screen pop when the switch says this
// agent answered a call, the call registration form (来电登记) that the
// classifier fills while the agent types, and the callback list (漏接回拨).
// It draws in its own panel over the console and listens to the console's
// event stream for "call" and "callback" events.
(function () {
  "use strict";
  var me = null, M = null, panel = null, mode = null, timer = null, seq = 0;
  var dirty = {}, lastCls = null, current = null;
  window.deskCalls = { pops: 0, classified: 0 };

  function h(tag, attrs) {
    var el = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      var v = attrs[k];
      if (v === undefined || v === null || v === false) return;
      if (k.slice(0, 2) === "on") el.addEventListener(k.slice(2), v);
      else if (k === "class") el.className = v;
      else if (k === "text") el.textContent = v;
      else if (k === "value") el.value = v;
      else if (k === "checked") el.checked = !!v;
      else el.setAttribute(k, v === true ? "" : v);
    });
    for (var i = 2; i < arguments.length; i++) {
      var kid = arguments[i];
      if (kid === undefined || kid === null || kid === false) continue;
      (Array.isArray(kid) ? kid : [kid]).forEach(function (k) {
        el.appendChild(typeof k === "string" || typeof k === "number" ? document.createTextNode(String(k)) : k);
      });
    }
    return el;
  }
  function api(method, path, body) {
    var o = { method: method, credentials: "same-origin", headers: {} };
    if (body !== undefined) { o.headers["Content-Type"] = "application/json"; o.body = JSON.stringify(body); }
    return fetch(path, o).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (j) {
        if (!r.ok) { var e = new Error(j.error ? j.error.message : r.statusText); e.status = r.status; throw e; }
        return j;
      });
    });
  }
  function say(msg, bad) {
    var s = document.getElementById("calls-msg");
    if (s) { s.textContent = msg; s.className = bad ? "calls-msg bad" : "calls-msg ok"; }
  }
  function fmt(s) {
    if (!s) return "";
    var d = new Date(s);
    if (isNaN(d) || d.getFullYear() < 2000) return "";
    try {
      return new Intl.DateTimeFormat("zh-CN", { timeZone: M.timezone, month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(d);
    } catch (e) { return d.toLocaleString(); }
  }
  function statusLabel(s) { var x = (M.statuses || []).filter(function (t) { return t.code === s; })[0]; return x ? x.label : s; }
  function channelLabel(c) { return (M.channels && M.channels[c]) || c; }
  function catName(code) { var x = (M.categories || []).filter(function (c) { return c.code === code; })[0]; return x ? x.name : code; }

  function ensurePanel() {
    if (panel) return panel;
    panel = h("section", { id: "calls-panel", class: "calls-panel", role: "dialog", "aria-label": "电话" });
    document.body.appendChild(panel);
    return panel;
  }
  function close() { if (panel) { panel.remove(); panel = null; } mode = null; }
  function frame(title) {
    var p = ensurePanel();
    p.innerHTML = "";
    p.appendChild(h("header", null, h("h2", { text: title }), h("button", { type: "button", class: "calls-close", onclick: close, text: "关闭" })));
    p.appendChild(h("p", { id: "calls-msg", class: "calls-msg" }));
    return p;
  }

  // --- the screen pop and 来电登记 -----------------------------------------

  function openPop(auto) {
    return api("GET", "/desk/api/calls/current").then(function (pop) {
      current = pop; dirty = {}; lastCls = null;
      if (auto) window.deskCalls.pops++;
      drawPop(pop);
    }).catch(function (e) {
      if (auto) return;
      var p = frame("来电登记"); mode = "pop";
      if (e.status !== 404) { say(e.message, true); return; }
      // No pop from the switch: the agent types the caller's number.
      var num = h("input", { id: "call-manual-number", placeholder: "来电号码，如 13953706688", autocomplete: "off" });
      p.appendChild(h("p", { class: "muted", text: "当前没有话务平台推送的来电。可输入来电号码开始登记：" }));
      p.appendChild(h("form", { id: "call-manual", class: "calls-actions", onsubmit: function (ev) {
        ev.preventDefault();
        api("POST", "/desk/api/calls", { caller: num.value }).then(function () { return openPop(false); })
          .catch(function (err) { say(err.message, true); });
      } }, num, h("button", { type: "submit", text: "开始登记" })));
      num.focus();
    });
  }

  function field(name, label, value, list) {
    var id = "call-" + name;
    var input = h("input", { id: id, name: name, value: value || "", list: list ? id + "-list" : null, autocomplete: "off",
      oninput: function () { dirty[name] = input.value !== ""; } });
    var dl = list ? h("datalist", { id: id + "-list" }, list.map(function (v) { return h("option", { value: v[0], label: v[1] || v[0] }); })) : null;
    return h("label", { class: "calls-field" }, h("span", { text: label }), input, dl);
  }

  function drawPop(pop) {
    mode = "pop";
    var p = frame("来电登记");
    var c = pop.call, hist = pop.history;
    p.appendChild(h("div", { class: "calls-caller", id: "call-caller" },
      h("strong", { text: pop.draft.phone || "未显示号码" }), pop.draft.name ? " " + pop.draft.name : "",
      h("span", { class: "muted", text: " · 来电 " + c.id + " · 接听 " + fmt(c.answered_at) }),
      c.recording_url ? h("a", { href: c.recording_url, target: "_blank", rel: "noopener", text: " 录音" }) : null));
    var rated = hist.rated ? "，评价 " + hist.rated + " 次" + (hist.unsatisfied ? "（不满意 " + hist.unsatisfied + "）" : "") : "";
    p.appendChild(h("div", { class: "calls-history", id: "call-history" },
      h("h3", { text: "历史记录：工单 " + hist.orders.length + " 件，会话 " + hist.conversations.length + " 个，来电 " + hist.calls.length + " 次" + rated }),
      hist.orders.length ? h("ul", null, hist.orders.slice(0, 8).map(function (o) {
        return h("li", null, h("a", { href: "/desk/orders/" + encodeURIComponent(o.number), text: o.number }),
          " " + o.title + " · " + channelLabel(o.channel) + " · " + statusLabel(o.status) + (o.satisfaction ? " · " + o.satisfaction : ""));
      })) : h("p", { class: "muted", text: "没有以往工单。" }),
      hist.conversations.length ? h("ul", null, hist.conversations.slice(0, 5).map(function (v) {
        return h("li", { text: channelLabel(v.channel) + " · " + fmt(v.updated_at) + " · " + (v.first_text || "") });
      })) : null));

    var types = (M.request_types || []).map(function (t) { return [t]; });
    var cats = (M.categories || []).map(function (x) { return [x.code, x.code + " " + x.name]; });
    var depts = (M.departments || []).map(function (d) { return [d]; });
    var dists = (M.districts || []).map(function (d) { return [d]; });
    var urg = (M.urgencies || []).map(function (u) { return [u]; });
    var note = h("textarea", { id: "call-note", rows: 5, placeholder: "边听边记：市民反映的问题、地点、诉求……", oninput: onType });
    var sugg = h("div", { id: "call-suggestion", class: "calls-suggestion", hidden: true });
    var answer = h("textarea", { id: "call-answer", rows: 2, placeholder: "直接答复内容（填写后登记即办结）" });
    var form = h("form", { id: "call-form", class: "calls-form", onsubmit: function (e) { e.preventDefault(); register(); } },
      h("label", { class: "calls-field wide" }, h("span", { text: "来电内容" }), note),
      h("div", { class: "calls-grid" },
        field("title", "标题"), field("type", "诉求类型", "", types), field("category", "类别", "", cats),
        field("department", "承办单位", "", depts), field("district", "区县", "", dists), field("town", "街镇"),
        field("address", "地址"), field("urgency", "紧急程度", "", urg), field("name", "姓名", pop.draft.name)),
      h("p", { id: "call-confidence", class: "muted" }),
      sugg,
      h("label", { class: "calls-field wide" }, h("span", { text: "直接答复" }), answer),
      h("label", { class: "calls-check" }, h("input", { type: "checkbox", id: "call-threeway" }), " 三方通话（承办单位已加入通话）"),
      h("div", { class: "calls-actions" },
        h("button", { type: "submit", id: "call-register", text: "登记工单" }),
        h("button", { type: "button", id: "call-note-only", text: "仅记录通话", onclick: noteOnly })));
    p.appendChild(form);
    note.focus();
  }

  function onType() {
    clearTimeout(timer);
    timer = setTimeout(classify, 150);
  }
  function classify() {
    var text = document.getElementById("call-note").value;
    var mine = ++seq;
    api("POST", "/desk/api/calls/classify", { text: text }).then(function (r) {
      if (mine !== seq || mode !== "pop") return; // a later keystroke won
      lastCls = r;
      window.deskCalls.classified++;
      // emergencyText: the number and the words that fired, then the
      // other numbers needed (the classifier's emergency).
      var emergencyText = function (e) {
        var one = function (n, cue) { return n + (cue ? "（“" + cue + "”）" : ""); };
        return [one(e.number, e.cue)].concat((e.also || []).map(function (a) { return one(a.number, a.cue); })).join("、");
      };
      var set = function (name, v) {
        var el = document.getElementById("call-" + name);
        if (el && !dirty[name]) el.value = v || "";
      };
      set("title", r.title); set("type", r.type); set("category", r.category); set("department", r.department);
      set("district", r.district); set("town", r.town); set("address", r.address); set("urgency", r.urgency);
      var conf = r.confidence || {};
      document.getElementById("call-confidence").textContent = r.category ?
        "识别：" + catName(r.category) + "（把握度 " + Math.round((conf.category || 0) * 100) + "%）" + (r.emergency ? " · 紧急情况：请提示拨打 " + emergencyText(r.emergency) : "") : "";
      var s = document.getElementById("call-suggestion");
      s.innerHTML = "";
      s.hidden = !r.suggestion;
      if (r.suggestion) {
        s.appendChild(h("strong", { text: "知识库建议答复：" }));
        s.appendChild(h("p", { text: r.suggestion.answer }));
        s.appendChild(h("button", { type: "button", id: "call-use-answer", text: "采用为直接答复",
          onclick: function () { document.getElementById("call-answer").value = r.suggestion.answer; } }));
      }
    }).catch(function (e) { say(e.message, true); });
  }
  function val(name) { var el = document.getElementById("call-" + name); return el ? el.value.trim() : ""; }
  function register() {
    var body = { description: document.getElementById("call-note").value, three_way: document.getElementById("call-threeway").checked,
      answer: document.getElementById("call-answer").value };
    // Fields the agent typed count as theirs; the classifier's are sent
    // empty so that the server reads the note itself.
    ["title", "type", "category", "department", "district", "town", "address", "urgency", "name"].forEach(function (k) {
      body[k] = dirty[k] ? val(k) : "";
    });
    api("POST", "/desk/api/calls/" + encodeURIComponent(current.call.id) + "/register", body).then(function (r) {
      var t = r.ticket;
      frame("来电登记");
      mode = "done";
      say("已登记工单 " + t.number + "：" + statusLabel(t.status) + (t.hold ? "（" + t.hold + "）" : "") + " · " + t.department);
      panel.appendChild(h("p", null, h("a", { id: "call-order-link", href: "/desk/orders/" + encodeURIComponent(t.number), text: "查看工单 " + t.number })));
    }).catch(function (e) { say(e.message, true); });
  }
  function noteOnly() {
    var text = document.getElementById("call-note").value;
    api("POST", "/desk/api/calls/" + encodeURIComponent(current.call.id) + "/note", { text: text }).then(function () {
      frame("来电登记"); mode = "done"; say("已记录通话。");
    }).catch(function (e) { say(e.message, true); });
  }

  // --- 漏接回拨 ------------------------------------------------------------

  var reasons = { missed: "未接来电", no_order: "未登记的通话" };
  var results = [["answered", "已回复"], ["no_answer", "无人接听（稍后再拨）"], ["wrong_number", "号码错误"], ["order", "已登记工单"]];
  function openCallbacks() {
    return api("GET", "/desk/api/callbacks").then(function (r) {
      mode = "callbacks";
      var p = frame("漏接回拨（" + r.callbacks.length + "，超时 " + r.overdue + "）");
      if (!r.callbacks.length) { p.appendChild(h("p", { class: "muted", text: "没有待回拨的来电。" })); return; }
      p.appendChild(h("table", { id: "callbacks", class: "calls-table" },
        h("thead", null, h("tr", null, ["号码", "原因", "来电时间", "回拨时限", "状态", "操作"].map(function (x) { return h("th", { text: x }); }))),
        h("tbody", null, r.callbacks.map(function (cb) {
          var tries = (cb.attempts || []).length;
          var ops = [];
          if (cb.status === "open") ops.push(h("button", { type: "button", class: "cb-claim", text: "认领", onclick: function () { cbAct(cb, "claim"); } }));
          if (cb.status === "claimed" && cb.agent === me.name) {
            var sel = h("select", { class: "cb-result" }, results.map(function (x) { return h("option", { value: x[0], text: x[1] }); }));
            var note = h("input", { class: "cb-note", placeholder: "备注 / 工单号" });
            ops.push(sel, note, h("button", { type: "button", class: "cb-save", text: "记录结果", onclick: function () {
              var b = { result: sel.value, note: note.value };
              if (sel.value === "order") b.order = note.value.trim();
              cbAct(cb, "result", b);
            } }));
          }
          var warn = cb.warning === "red" ? "已超时" : cb.warning === "yellow" ? "即将超时" : "";
          return h("tr", { class: "cb-row" + (cb.warning ? " warn-" + cb.warning : ""), "data-call": cb.call_id },
            h("td", { text: cb.number || cb.caller }), h("td", { text: reasons[cb.reason] || cb.reason }), h("td", { text: fmt(cb.created_at) }),
            h("td", null, fmt(cb.due), warn ? h("span", { class: "cb-warn", text: " " + warn }) : null),
            h("td", { text: (cb.status === "claimed" ? "已认领：" + cb.agent : "待回拨") + (tries ? "（已拨 " + tries + " 次）" : "") }),
            h("td", null, ops));
        }))));
    }).catch(function (e) { frame("漏接回拨"); say(e.message, true); });
  }
  function cbAct(cb, what, body) {
    api("POST", "/desk/api/callbacks/" + encodeURIComponent(cb.call_id) + "/" + what, body).then(function () {
      return openCallbacks();
    }).then(function () { say(what === "claim" ? "已认领，请回拨 " + (cb.number || cb.caller) : "已记录回拨结果。"); })
      .catch(function (e) { say(e.message, true); });
  }

  // --- wiring --------------------------------------------------------------

  // The console calls deskNavHook each time it draws its navigation.
  window.deskNavHook = function (nav, user) {
    if (!user || ["agent", "leader", "admin"].indexOf(user.role) < 0) return;
    nav.appendChild(h("a", { href: "#", id: "nav-call", "data-view": "call", text: "来电登记", onclick: function (e) { e.preventDefault(); openPop(false); } }));
    nav.appendChild(h("a", { href: "#", id: "nav-callbacks", "data-view": "callbacks", text: "漏接回拨", onclick: function (e) { e.preventDefault(); openCallbacks(); } }));
  };

  function listen() {
    var es = new EventSource("/desk/api/events");
    es.addEventListener("call", function (e) {
      var ev = JSON.parse(e.data);
      if (ev.agent === me.name) openPop(true);
    });
    es.addEventListener("callback", function () { if (mode === "callbacks") openCallbacks(); });
  }

  Promise.all([api("GET", "/desk/api/me"), api("GET", "/desk/api/meta")]).then(function (r) {
    me = r[0].user || r[0]; M = r[1];
    if (["agent", "leader", "admin"].indexOf(me.role) < 0) return;
    var nav = document.getElementById("nav");
    if (nav && !document.getElementById("nav-call")) window.deskNavHook(nav, me);
    listen();
    openPop(true); // a call answered before the page loaded
  }).catch(function () { /* the console shows login problems itself */ });
})();
