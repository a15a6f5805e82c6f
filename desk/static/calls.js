// The phone desk (package calls): the screen pop when the switch says this
// agent answered a call, the call registration form that the classifier
// fills while the agent types, and the callback list. Its words are the
// console's texts calls.* (meta.texts).
// It draws in its own panel over the console and listens to the console's
// event stream for "call" and "callback" events.
(function () {
  "use strict";
  var me = null, M = null, panel = null, mode = null, timer = null, seq = 0;
  var dirty = {}, lastCls = null, current = null;
  // listening counts the times this page's event stream was subscribed
  // (its "hello"): a call answered after that reaches the page as an
  // event; one answered before is fetched then (catchUp).
  window.deskCalls = { pops: 0, classified: 0, listening: 0 };

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
  // doneText is what an action's answer says it did (done: the id of a
  // console text the server names, calls/confirm.go, and its values), as
  // the console's own confirmations (app.js); without one, app.done.
  function doneText(d) {
    var s = d && M && M.texts ? M.texts[d.id] : undefined;
    return typeof s === "string" ? fillText(s, d.vars) : T("app.done");
  }
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
  function fieldLabel(k) { return (M.fields && M.fields[k]) || k; }
  // setAsideText is a flag the classifier's veto set aside in the words of
  // console_labels.emergency.set_aside, the rule by its name
  // (meta.emergency_rules), as the order page writes it.
  function setAsideText(r) {
    var vars = { rule: (M.emergency_rules && M.emergency_rules[r.rule]) || r.rule || "", number: r.number || "", cue: r.cue || "" };
    return M.emergency.set_aside.replace(/\{(rule|number|cue)\}/g, function (m, k) { return vars[k]; });
  }
  function catName(code) { var x = (M.categories || []).filter(function (c) { return c.code === code; })[0]; return x ? x.name : code; }

  function ensurePanel() {
    if (panel) return panel;
    panel = h("section", { id: "calls-panel", class: "calls-panel", role: "dialog", "aria-label": T("calls.panel") });
    document.body.appendChild(panel);
    return panel;
  }
  function close() { if (panel) { panel.remove(); panel = null; } mode = null; }
  function frame(title) {
    var p = ensurePanel();
    p.innerHTML = "";
    p.appendChild(h("header", null, h("h2", { text: title }), h("button", { type: "button", class: "calls-close", onclick: close, text: T("calls.close") })));
    p.appendChild(h("p", { id: "calls-msg", class: "calls-msg" }));
    return p;
  }

  // --- the screen pop and the call registration ---------------------------

  function openPop(auto) {
    return api("GET", "/desk/api/calls/current").then(function (pop) {
      // A catch-up that finds the call already on screen leaves it (and
      // what the agent typed) as it is.
      if (auto && mode === "pop" && current && current.call && pop.call && current.call.id === pop.call.id) return;
      current = pop; dirty = {}; lastCls = null;
      if (auto) window.deskCalls.pops++;
      drawPop(pop);
    }).catch(function (e) {
      if (auto) return;
      var p = frame(T("calls.heading")); mode = "pop";
      if (e.status !== 404) { say(e.message, true); return; }
      // No pop from the switch: the agent types the caller's number.
      var num = h("input", { id: "call-manual-number", placeholder: T("calls.manual_number"), autocomplete: "off" });
      p.appendChild(h("p", { class: "muted", text: T("calls.no_pop") }));
      p.appendChild(h("form", { id: "call-manual", class: "calls-actions", onsubmit: function (ev) {
        ev.preventDefault();
        api("POST", "/desk/api/calls", { caller: num.value }).then(function (r) {
          return openPop(false).then(function () { say(doneText(r.done)); });
        }).catch(function (err) { say(err.message, true); });
      } }, num, h("button", { type: "submit", text: T("calls.start") })));
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
  // choice is a field picked from a list shown by name (a category: its
  // code is the value, its name what the agent reads), empty for the
  // classifier's choice.
  function choice(name, label, list) {
    var sel = h("select", { id: "call-" + name, name: name, onchange: function () { dirty[name] = sel.value !== ""; } },
      [["", T("register.auto")]].concat(list).map(function (v) { return h("option", { value: v[0], text: v[1] || v[0] }); }));
    return h("label", { class: "calls-field" }, h("span", { text: label }), sel);
  }

  function drawPop(pop) {
    mode = "pop";
    var p = frame(T("calls.heading"));
    var c = pop.call, hist = pop.history;
    p.appendChild(h("div", { class: "calls-caller", id: "call-caller" },
      h("strong", { text: pop.draft.phone || T("calls.no_number") }), pop.draft.name ? " " + pop.draft.name : "",
      h("span", { class: "muted", title: c.id, text: " · " + T("calls.call_line", { id: c.id, time: fmt(c.answered_at) }) }),
      c.recording_url ? h("a", { href: c.recording_url, target: "_blank", rel: "noopener", text: " " + T("calls.recording") }) : null));
    var rated = hist.rated ? T("calls.rated", { n: hist.rated }) + (hist.unsatisfied ? T("calls.unsatisfied", { n: hist.unsatisfied }) : "") : "";
    p.appendChild(h("div", { class: "calls-history", id: "call-history" },
      h("h3", { text: T("calls.history", { orders: hist.orders.length, conversations: hist.conversations.length, calls: hist.calls.length }) + rated }),
      hist.orders.length ? h("ul", null, hist.orders.slice(0, 8).map(function (o) {
        return h("li", null, h("a", { href: "/desk/orders/" + encodeURIComponent(o.number), text: o.number }),
          " " + o.title + " · " + channelLabel(o.channel) + " · " + statusLabel(o.status) + (o.satisfaction ? " · " + o.satisfaction : ""));
      })) : h("p", { class: "muted", text: T("calls.no_orders") }),
      hist.conversations.length ? h("ul", null, hist.conversations.slice(0, 5).map(function (v) {
        return h("li", { text: channelLabel(v.channel) + " · " + fmt(v.updated_at) + " · " + (v.first_text || "") });
      })) : null));

    var types = (M.request_types || []).map(function (t) { return [t]; });
    var cats = (M.categories || []).map(function (x) { return [x.code, x.name]; });
    var depts = (M.departments || []).map(function (d) { return [d]; });
    var dists = (M.districts || []).map(function (d) { return [d]; });
    var urg = (M.urgencies || []).map(function (u) { return [u]; });
    var note = h("textarea", { id: "call-note", rows: 5, placeholder: T("calls.note_placeholder"), oninput: onType });
    var sugg = h("div", { id: "call-suggestion", class: "calls-suggestion", hidden: true });
    var answer = h("textarea", { id: "call-answer", rows: 2, placeholder: T("calls.answer_placeholder") });
    var form = h("form", { id: "call-form", class: "calls-form", onsubmit: function (e) { e.preventDefault(); register(); } },
      h("label", { class: "calls-field wide" }, h("span", { text: T("calls.note") }), note),
      h("div", { class: "calls-grid" },
        field("title", fieldLabel("title")), field("type", fieldLabel("type"), "", types), choice("category", fieldLabel("category"), cats),
        field("department", fieldLabel("department"), "", depts), field("district", fieldLabel("district"), "", dists), field("town", fieldLabel("town")),
        field("address", fieldLabel("address")), field("urgency", fieldLabel("urgency"), "", urg), field("name", fieldLabel("name"), pop.draft.name)),
      h("p", { id: "call-confidence", class: "muted" }),
      h("div", { id: "call-set-aside", class: "why set-aside", hidden: true }),
      sugg,
      h("label", { class: "calls-field wide" }, h("span", { text: T("calls.answer") }), answer),
      h("label", { class: "calls-check" }, h("input", { type: "checkbox", id: "call-threeway" }), " " + T("calls.three_way")),
      h("div", { class: "calls-actions" },
        h("button", { type: "submit", id: "call-register", text: T("calls.register") }),
        h("button", { type: "button", id: "call-note-only", text: T("calls.note_only"), onclick: noteOnly })));
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
        var one = function (n, cue) { return n + (cue ? T("calls.cue", { cue: cue }) : ""); };
        return [one(e.number, e.cue)].concat((e.also || []).map(function (a) { return one(a.number, a.cue); })).join(T("common.list_sep"));
      };
      var set = function (name, v) {
        var el = document.getElementById("call-" + name);
        if (el && !dirty[name]) el.value = v || "";
      };
      set("title", r.title); set("type", r.type); set("category", r.category); set("department", r.department);
      set("district", r.district); set("town", r.town); set("address", r.address); set("urgency", r.urgency);
      var conf = r.confidence || {};
      document.getElementById("call-confidence").textContent = r.category ?
        T("calls.classified", { category: catName(r.category), pct: Math.round((conf.category || 0) * 100) }) + (r.emergency ? " · " + T("calls.emergency", { numbers: emergencyText(r.emergency) }) : "") : "";
      // A rule's flag the veto set aside: the same line as the order page's
      // (console_labels.emergency.set_aside), for the agent to check with
      // the caller.
      var aside = document.getElementById("call-set-aside");
      aside.hidden = !r.set_aside;
      aside.textContent = r.set_aside ? setAsideText(r.set_aside) : "";
      var s = document.getElementById("call-suggestion");
      s.innerHTML = "";
      s.hidden = !r.suggestion;
      if (r.suggestion) {
        s.appendChild(h("strong", { text: T("calls.suggestion") }));
        s.appendChild(h("p", { text: r.suggestion.answer }));
        s.appendChild(h("button", { type: "button", id: "call-use-answer", text: T("calls.use_answer"),
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
      frame(T("calls.heading"));
      mode = "done";
      say(doneText(r.done));
      panel.appendChild(h("p", null, h("a", { id: "call-order-link", href: "/desk/orders/" + encodeURIComponent(t.number), text: T("calls.view_order", { number: t.number }) })));
    }).catch(function (e) { say(e.message, true); });
  }
  function noteOnly() {
    var text = document.getElementById("call-note").value;
    api("POST", "/desk/api/calls/" + encodeURIComponent(current.call.id) + "/note", { text: text }).then(function (r) {
      frame(T("calls.heading")); mode = "done"; say(doneText(r.done));
    }).catch(function (e) { say(e.message, true); });
  }

  // --- the callback list ----------------------------------------------------

  function reasonLabel(r) { return r === "missed" ? T("callbacks.missed") : r === "no_order" ? T("callbacks.no_order") : r; }
  function results() {
    return [["answered", T("callbacks.answered")], ["no_answer", T("callbacks.no_answer")], ["wrong_number", T("callbacks.wrong_number")], ["order", T("callbacks.order")]];
  }
  // openCallbacks draws the list again; while it is open (a live
  // refresh) the line saying what was last done stays.
  function openCallbacks() {
    return api("GET", "/desk/api/callbacks").then(function (r) {
      var el = mode === "callbacks" ? document.getElementById("calls-msg") : null;
      var kept = el && el.textContent ? { text: el.textContent, bad: el.className.indexOf("bad") >= 0 } : null;
      mode = "callbacks";
      var p = frame(T("callbacks.heading_count", { n: r.callbacks.length, overdue: r.overdue }));
      if (kept) say(kept.text, kept.bad);
      if (!r.callbacks.length) { p.appendChild(h("p", { class: "muted", text: T("callbacks.empty") })); return; }
      p.appendChild(h("table", { id: "callbacks", class: "calls-table" },
        h("thead", null, h("tr", null, [T("callbacks.number"), T("callbacks.reason"), T("callbacks.time"), T("callbacks.due"), T("callbacks.state"), T("callbacks.ops")].map(function (x) { return h("th", { text: x }); }))),
        h("tbody", null, r.callbacks.map(function (cb) {
          var tries = (cb.attempts || []).length;
          var ops = [];
          if (cb.status === "open") ops.push(h("button", { type: "button", class: "cb-claim", text: T("callbacks.claim"), onclick: function () { cbAct(cb, "claim"); } }));
          if (cb.status === "claimed" && cb.agent === me.name) {
            var sel = h("select", { class: "cb-result" }, results().map(function (x) { return h("option", { value: x[0], text: x[1] }); }));
            var note = h("input", { class: "cb-note", placeholder: T("callbacks.note") });
            ops.push(sel, note, h("button", { type: "button", class: "cb-save", text: T("callbacks.save"), onclick: function () {
              var b = { result: sel.value, note: note.value };
              if (sel.value === "order") b.order = note.value.trim();
              cbAct(cb, "result", b);
            } }));
          }
          var warn = cb.warning === "red" ? T("callbacks.overdue") : cb.warning === "yellow" ? T("callbacks.due_soon") : "";
          return h("tr", { class: "cb-row" + (cb.warning ? " warn-" + cb.warning : ""), "data-call": cb.call_id },
            h("td", { text: cb.number || cb.caller }), h("td", { text: reasonLabel(cb.reason) }), h("td", { text: fmt(cb.created_at) }),
            h("td", null, fmt(cb.due), warn ? h("span", { class: "cb-warn", text: " " + warn }) : null),
            h("td", { text: (cb.status === "claimed" ? T("callbacks.claimed", { agent: cb.agent }) : T("callbacks.open")) + (tries ? T("callbacks.tries", { n: tries }) : "") }),
            h("td", null, ops));
        }))));
    }).catch(function (e) { frame(T("callbacks.heading")); say(e.message, true); });
  }
  function cbAct(cb, what, body) {
    api("POST", "/desk/api/callbacks/" + encodeURIComponent(cb.call_id) + "/" + what, body).then(function (r) {
      return openCallbacks().then(function () { say(doneText(r.done)); });
    }).catch(function (e) { say(e.message, true); });
  }

  // --- wiring --------------------------------------------------------------

  // The console calls deskNavHook each time it draws its navigation.
  window.deskNavHook = function (nav, user) {
    // Before this script has its own meta it has no words yet: it adds
    // the entries itself once it has.
    if (!M || !user || M.can.phone_desk.indexOf(user.role) < 0) return;
    nav.appendChild(h("a", { href: "#", id: "nav-call", "data-view": "call", text: T("calls.heading"), onclick: function (e) { e.preventDefault(); openPop(false); } }));
    nav.appendChild(h("a", { href: "#", id: "nav-callbacks", "data-view": "callbacks", text: T("callbacks.heading"), onclick: function (e) { e.preventDefault(); openCallbacks(); } }));
  };

  // listen follows the console's event stream. Each time it is
  // subscribed (its "hello": at the start and after a reconnection) the
  // pop is fetched, so that a call answered while the stream was away
  // (before the page loaded, or while it reconnected) still shows.
  function listen() {
    var es = new EventSource("/desk/api/events");
    es.addEventListener("hello", function () {
      window.deskCalls.listening++;
      openPop(true);
    });
    es.addEventListener("call", function (e) {
      var ev = JSON.parse(e.data);
      if (ev.agent === me.name) openPop(true);
    });
    es.addEventListener("callback", function () { if (mode === "callbacks") openCallbacks(); });
  }

  Promise.all([api("GET", "/desk/api/me"), api("GET", "/desk/api/meta")]).then(function (r) {
    me = r[0].user || r[0]; M = r[1];
    if (M.can.phone_desk.indexOf(me.role) < 0) return;
    var nav = document.getElementById("nav");
    if (nav && !document.getElementById("nav-call")) window.deskNavHook(nav, me);
    listen();
  }).catch(function () { /* the console shows login problems itself */ });
})();
