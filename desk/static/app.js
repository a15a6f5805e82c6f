// The 12345 console: one page that draws the view of the logged-in role
// (agent queue, department orders, supervision lists, administration) and
// keeps it current from the server's event stream, without reloads.
(function () {
  "use strict";

  // The server's tables (GET /desk/api/meta): the labels of every code the
  // page shows, the city's lists and who may do what. The page keeps no
  // copy of them.
  var M = null;
  // T returns the console's text of id (config console_texts, served in
  // meta.texts), its {name} placeholders filled from vars; the page keeps
  // no copy of the words.
  function T(id, vars) {
    var s = M && M.texts ? M.texts[id] : undefined;
    if (typeof s !== "string") return id;
    return fillText(s, vars);
  }
  function fillText(s, vars) {
    return vars ? s.replace(/\{(\w+)\}/g, function (m, k) { return Object.prototype.hasOwnProperty.call(vars, k) ? String(vars[k]) : m; }) : s;
  }
  // doneText is what an action's answer says it did (done: the id of a
  // console text the server's table names, desk/confirm.go, and its
  // values); an answer without one says app.done.
  function doneText(d) {
    var s = d && M && M.texts ? M.texts[d.id] : undefined;
    return typeof s === "string" ? fillText(s, d.vars) : T("app.done");
  }
  function statusLabel(s) { return M.statusMap[s] || M.unknown_status; }
  function channelLabel(c) { return M.channels[c] || M.other_channel; }
  function convLabel(s) { return M.conversation_states[s] || s; }
  function fieldLabel(k) { return M.fields[k] || k; }
  function actionLabel(a) { return M.actions[a] || (a && a.indexOf("ticket.") === 0 && M.actions[a.slice(7)]) || M.unknown_action; }
  function roleLabel(r) { return M.roleMap[r] || r; }
  function categoryName(code) { var c = M.catMap[code]; return c ? c.name : code; }
  function staffName(n) { return (M.staff && M.staff[n]) || n; }
  function can(group) { return M.can[group].indexOf(me.role) >= 0; }
  // actorLabel names who did something, as config.ConsoleLabels.Actor
  // does in Go: "agent:wang" → the agent role's label and the display name;
  // a person on a surface ("desk:", "api:", "tg:") in meta's actor_via
  // words with the surface's name (meta.surfaces). Only console logins
  // ("desk:", a role's, a clerk's) take a display name: an "api:" name is
  // the caller's X-Agent and a "tg:" one a Telegram username, shown as
  // recorded.
  function actorLabel(a) {
    if (!a) return "";
    if (M.actors[a]) return M.actors[a];
    var i = a.indexOf(":");
    if (i < 0) return staffName(a);
    var kind = a.slice(0, i), rest = a.slice(i + 1);
    if (kind === "dept") { var p = rest.split("/"); return p[0] + (p[1] ? " " + staffName(p[1]) : ""); }
    if (M.surfaces[kind]) return fillText(M.actor_via, { name: kind === "desk" ? staffName(rest) : rest, surface: M.surfaces[kind] });
    if (M.roleMap[kind]) return M.roleMap[kind] + " " + staffName(rest);
    return staffName(rest);
  }
  function indexMeta(m) {
    m.statusMap = {}; m.statuses.forEach(function (s) { m.statusMap[s.code] = s.label; });
    m.roleMap = {}; m.roles.forEach(function (r) { m.roleMap[r.code] = r.label; });
    m.catMap = {}; m.categories.forEach(function (c) { m.catMap[c.code] = c; });
    try {
      m.timeFmt = new Intl.DateTimeFormat("zh-CN", { timeZone: m.timezone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
    } catch (e) { m.timeFmt = null; }
    return m;
  }

  // clockOffset: the server's clock (its injected clock, from server_time)
  // minus the browser's, for countdowns; wireOffset: the event stream's
  // wall clock minus the browser's, to measure how late events arrive.
  var me = null, view = null, es = null, clockOffset = 0, wireOffset = 0, refreshTimer = null;
  var app = document.getElementById("app");

  // h builds an element: h("div", {class: "x", onclick: fn}, child, "text", [more]).
  function h(tag, attrs) {
    var el = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) {
        var v = attrs[k];
        if (v === undefined || v === null || v === false) return;
        if (k.slice(0, 2) === "on") el.addEventListener(k.slice(2), v);
        else if (k === "class") el.className = v;
        else if (k === "text") el.textContent = v;
        else if (k === "value") el.value = v;
        else if (k === "checked" || k === "selected" || k === "multiple" || k === "disabled") el[k] = !!v;
        else el.setAttribute(k, v === true ? "" : v);
      });
    }
    for (var i = 2; i < arguments.length; i++) add(el, arguments[i]);
    return el;
  }
  function add(el, kid) {
    if (kid === undefined || kid === null || kid === false) return;
    if (Array.isArray(kid)) { kid.forEach(function (k) { add(el, k); }); return; }
    el.appendChild(typeof kid === "string" || typeof kid === "number" ? document.createTextNode(String(kid)) : kid);
  }
  function $(id) { return document.getElementById(id); }

  function flash(msg, bad) {
    var f = $("flash");
    f.textContent = msg; f.hidden = !msg; f.className = bad ? "bad" : "ok"; f.onclick = null;
    clearTimeout(flash.t);
    if (msg) flash.t = setTimeout(function () { f.hidden = true; }, bad ? 8000 : 3000);
  }

  function api(method, path, body) {
    var opts = { method: method, credentials: "same-origin", headers: {} };
    if (body instanceof FormData) opts.body = body;
    else if (body !== undefined) { opts.headers["Content-Type"] = "application/json"; opts.body = JSON.stringify(body); }
    return fetch(path, opts).then(function (r) {
      if (r.status === 401) { location.href = "/desk/login?next=" + encodeURIComponent(location.pathname + location.search); throw new Error(T("app.login_first")); }
      return r.json().catch(function () { return {}; }).then(function (j) {
        if (!r.ok) { var e = new Error(j.error ? j.error.message : r.statusText); e.status = r.status; throw e; }
        return j;
      });
    });
  }
  // act runs an action and says what it did (doneText).
  function act(method, path, body, done) {
    return api(method, path, body).then(function (j) { flash(doneText(j && j.done)); if (done) done(j); refresh(); return j; })
      .catch(function (e) { flash(e.message, true); });
  }

  function fmtSize(n) { return n < 1024 ? n + " B" : n < 1048576 ? Math.round(n / 1024) + " KB" : (n / 1048576).toFixed(1) + " MB"; }
  function pad(n) { return n < 10 ? "0" + n : "" + n; }
  // fmtTime shows a time in the city's time zone (config city.timezone),
  // whatever the browser's.
  function fmtTime(s) {
    if (!s) return "";
    var d = new Date(s);
    if (isNaN(d) || d.getFullYear() < 2000) return "";
    if (M && M.timeFmt) {
      var p = {};
      M.timeFmt.formatToParts(d).forEach(function (x) { p[x.type] = x.value; });
      return p.year + "-" + p.month + "-" + p.day + " " + p.hour + ":" + p.minute;
    }
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate()) + " " + pad(d.getHours()) + ":" + pad(d.getMinutes());
  }
  function fmtWait(sec) {
    sec = Math.max(0, Math.floor(sec));
    if (sec < 60) return T("time.wait_s", { s: sec });
    if (sec < 3600) return T("time.wait_ms", { m: Math.floor(sec / 60), s: sec % 60 });
    return T("time.wait_hm", { h: Math.floor(sec / 3600), m: Math.floor(sec % 3600 / 60) });
  }
  function has(list, role) { return list.indexOf(role) >= 0; }
  function senderLabel(s) {
    return actorLabel(s);
  }
  function go(path) { history.pushState(null, "", path); render(); }
  function link(path, text, attrs) {
    attrs = attrs || {};
    attrs.href = path;
    attrs.onclick = function (e) { if (e.ctrlKey || e.metaKey) return; e.preventDefault(); go(path); };
    return h("a", attrs, text);
  }

  // --- navigation --------------------------------------------------------

  // Each role's home and whether it hears the chat queue come from the
  // server's table (meta.home).
  function home() { return M.home[me.role] || {}; }
  function homeView() { return home().view || "orders"; }
  function drawNav() {
    var items = [];
    // The chat queue for those who answer it; a leader, who holds only
    // the chats handed to them, reads those as their own.
    if (can("chat_queue")) items.push(["queue", T("nav.queue")]);
    else if (can("agents")) items.push(["queue", T("nav.my_chats")]);
    if (can("department")) items.push(["dept", T("nav.dept")]);
    if (can("readers")) items.push(["sup", T("nav.sup")]);
    if (can("search")) items.push(["orders", T("nav.orders")]);
    wqNavItems(items);
    if (can("inspections")) items.push(["inspection", T("nav.inspection")]);
    if (can("admin")) { items.push(["users", T("nav.users")]); items.push(["audit", T("nav.audit")]); }
    var nav = $("nav");
    nav.innerHTML = "";
    items.forEach(function (it) {
      nav.appendChild(link("/desk/?v=" + it[0], it[1], { "data-view": it[0], class: currentView() === it[0] ? "on" : "" }));
    });
    wqDrawCounts();
    if (window.deskNavHook) window.deskNavHook(nav, me); // calls.js: the phone desk's entries
    // The reports page (dashboard.js) is its own page.
    if (can("reports")) nav.appendChild(h("a", { href: "/desk/reports", id: "nav-reports" }, T("nav.reports")));
    $("who").textContent = (me.display_name || me.name) + "（" + me.role_label + (me.department ? " · " + me.department : "") + "）";
  }
  function currentView() {
    var p = location.pathname;
    if (/^\/desk\/orders\//.test(p)) return "order";
    if (/^\/desk\/conversations\//.test(p)) return "queue";
    return new URLSearchParams(location.search).get("v") || homeView();
  }

  function render() {
    drawNav();
    var v = currentView();
    var views = { queue: QueueView, dept: DeptView, sup: SupView, orders: OrdersView, users: UsersView, audit: AuditView, order: OrderView, inspection: InspectionView };
    view = v.indexOf("wq-") === 0 ? new WorkQueueView(v.slice(3)) : new (views[v] || QueueView)();
    app.innerHTML = "";
    app.className = "view-" + v;
    view.draw();
  }
  function refresh(ev) {
    if (!view || !view.refresh) return;
    // At most one refresh per 60 ms: a steady stream of events must not
    // postpone it forever.
    if (refreshTimer) return;
    refreshTimer = setTimeout(function () { refreshTimer = null; if (view && view.refresh) view.refresh(ev); }, 60);
  }

  // --- live events -------------------------------------------------------

  function listen() {
    if (es) es.close();
    es = new EventSource("/desk/api/events");
    var live = $("live");
    es.addEventListener("hello", function (e) {
      live.className = "live on";
      var j = JSON.parse(e.data);
      wireOffset = j.ts - Date.now();
      // A stream opened again (a phone that lost its signal, a server
      // restart) may have missed events: the page asks again.
      if (listen.opened) catchUp();
      listen.opened = true;
    });
    ["message", "queue", "agent", "ticket", "delivered"].forEach(function (kind) {
      es.addEventListener(kind, function (e) {
        var ev = JSON.parse(e.data);
        window.deskLastEvent = { ev: ev, delay: Date.now() + wireOffset - ev.ts };
        if (kind === "queue" || (kind === "agent")) watchQueue();
        if (kind === "agent") handedToMe(ev);
        if (kind === "ticket") wqRefresh();
        if (view && view.onEvent) view.onEvent(ev); else refresh(ev);
      });
    });
    // A stream that ends may mean the session ended (logged out
    // elsewhere, account disabled): asking who we are goes to the login
    // page on 401.
    es.onerror = function () {
      live.className = "live off";
      if (!listen.checking) { listen.checking = true; api("GET", "/desk/api/me").catch(function () {}).then(function () { listen.checking = false; }); }
    };
  }

  // catchUp asks again for what the page shows: a phone puts a page in the
  // background, and its stream may have died unnoticed meanwhile.
  function catchUp() { refresh(); wqRefresh(); watchQueue(); }
  document.addEventListener("visibilitychange", function () { if (!document.hidden && me) catchUp(); });

  // --- alerts ------------------------------------------------------------
  // New queue items and emergencies: a sound made with WebAudio (no file),
  // the count in the tab's title, and a browser notification when the
  // user turned them on (opt-in, kept in this browser). window.deskAlerts
  // keeps the last alerts for the browser tests.

  var alerts = { known: null, audio: null, title: document.title, timer: null };
  window.deskAlerts = [];
  function alertsOn() { return localStorage.getItem("desk.notify") === "1"; }
  function soundOn() { return localStorage.getItem("desk.sound") !== "0"; }
  // beep plays tones: [frequency Hz, seconds] pairs, one after the other.
  function beep(tones) {
    if (!soundOn()) return false;
    var Ctx = window.AudioContext || window.webkitAudioContext;
    if (!Ctx) return false;
    if (!alerts.audio) alerts.audio = new Ctx();
    var ac = alerts.audio, t = ac.currentTime + 0.02;
    if (ac.state === "suspended") ac.resume();
    tones.forEach(function (tone) {
      var o = ac.createOscillator(), g = ac.createGain();
      o.type = "sine"; o.frequency.value = tone[0];
      g.gain.setValueAtTime(0.0001, t);
      g.gain.exponentialRampToValueAtTime(0.3, t + 0.02);
      g.gain.exponentialRampToValueAtTime(0.0001, t + tone[1]);
      o.connect(g); g.connect(ac.destination);
      o.start(t); o.stop(t + tone[1] + 0.02);
      t += tone[1] + 0.05;
    });
    return true;
  }
  // notify raises one alert: sound, and a notification when allowed.
  function notify(title, body, emergency, tag) {
    var rec = { title: title, body: body, emergency: !!emergency, at: Date.now(), sound: false, notified: false };
    rec.sound = beep(emergency ? [[988, 0.18], [740, 0.18], [988, 0.18], [740, 0.18]] : [[880, 0.12], [1175, 0.16]]);
    if (alertsOn() && window.Notification && Notification.permission === "granted") {
      try {
        var n = new Notification(title, { body: body, tag: tag, requireInteraction: !!emergency, renotify: !!tag });
        n.onclick = function () { window.focus(); if (tag && tag.indexOf("conv:") === 0) go("/desk/conversations/" + encodeURIComponent(tag.slice(5))); n.close(); };
        rec.notified = true;
      } catch (e) { rec.error = String(e); }
    }
    window.deskAlerts.push(rec);
    if (window.deskAlerts.length > 50) window.deskAlerts.shift();
  }
  // setTitleCount shows the waiting count (and emergencies) in the tab.
  function setTitleCount(n, urgent) {
    document.title = (urgent ? T("alerts.title_urgent", { n: urgent }) : "") + (n ? "(" + n + ") " : "") + alerts.title;
    var b = $("alerts-count");
    if (b) { b.textContent = n; b.hidden = !n; b.className = "count" + (urgent ? " urgent" : ""); }
  }
  // watchQueue compares the waiting conversations with the last look and
  // alerts for each new one; the first look only sets the title.
  function watchQueue() {
    if (!home().queue_alerts) return;
    if (alerts.timer) return;
    alerts.timer = setTimeout(function () {
      alerts.timer = null;
      api("GET", "/desk/api/queue").then(function (j) {
        var urgent = j.queue.filter(function (q) { return q.emergency; }).length;
        setTitleCount(j.queue.length, urgent);
        var seen = {};
        j.queue.forEach(function (q) {
          seen[q.id] = true;
          if (alerts.known && !alerts.known[q.id]) {
            var why = q.emergency_reason;
            notify(q.emergency ? T("alerts.emergency", { channel: channelLabel(q.channel) }) + (why ? " · " + M.emergency.number + " " + why.number : "") : T("alerts.new"),
              (q.emergency ? (why && why.cue ? T("alerts.emergency_cue", { cue: M.emergency.colon + M.emergency.quote_open + why.cue + M.emergency.quote_close }) : T("alerts.emergency_mark")) : "") + (q.first_text || T("queue.no_text")), q.emergency, "conv:" + q.id);
          }
        });
        alerts.known = seen;
      }).catch(function () {});
    }, 100);
  }
  // handedToMe tells the user of a chat a colleague handed over to them
  // (a transfer; a duty leader too, whose console has no queue alerts and opens
  // on another page): a note that stays, with the link to the chat, the
  // sound and, when allowed, a notification. What the user does to a chat
  // they hold (take it, answer it, from this tab or another) is no
  // hand-over: the event names who acted (by).
  function handedToMe(ev) {
    var path = "/desk/conversations/" + encodeURIComponent(ev.conversation_id);
    if (ev.state !== "agent" || ev.agent !== me.name || !ev.by || ev.by === me.name || location.pathname === path) return;
    var f = $("flash");
    clearTimeout(flash.t);
    f.textContent = "";
    f.appendChild(h("span", null, T("alerts.handed"), " "));
    f.appendChild(link(path, T("alerts.handed_open"), { id: "handed-open", "data-conv": ev.conversation_id }));
    f.hidden = false; f.className = "ok";
    f.onclick = function () { f.hidden = true; f.onclick = null; };
    notify(T("alerts.handed"), "", false, "conv:" + ev.conversation_id);
  }
  function drawAlertsToggle() {
    var b = $("alerts-toggle");
    if (!b) return;
    b.hidden = !home().queue_alerts;
    b.textContent = alertsOn() ? T("alerts.notify_on") : T("alerts.notify_off");
    b.className = alertsOn() ? "on" : "";
    b.onclick = function () {
      if (alertsOn()) { localStorage.setItem("desk.notify", "0"); drawAlertsToggle(); return; }
      beep([[660, 0.08]]); // the click unlocks audio
      var done = function (p) {
        localStorage.setItem("desk.notify", p === "granted" ? "1" : "0");
        if (p !== "granted") flash(T("alerts.notify_denied"), true);
        drawAlertsToggle();
      };
      if (!window.Notification) { flash(T("alerts.notify_unsupported"), true); return; }
      if (Notification.permission === "granted") done("granted");
      else Notification.requestPermission().then(done);
    };
    var sb = $("sound-toggle");
    if (sb) {
      sb.hidden = !home().queue_alerts;
      sb.textContent = soundOn() ? T("alerts.sound_on") : T("alerts.sound_off");
      sb.onclick = function () { localStorage.setItem("desk.sound", soundOn() ? "0" : "1"); drawAlertsToggle(); if (soundOn()) beep([[660, 0.08]]); };
    }
  }
  // Browsers start audio only after a gesture: the first click unlocks it.
  document.addEventListener("click", function () { if (alerts.audio && alerts.audio.state === "suspended") alerts.audio.resume(); }, true);

  // --- shared order widgets ---------------------------------------------

  // ruleName names an emergency rule (meta.emergency_rules), or shows it.
  function ruleName(r) { return (M.emergency_rules && M.emergency_rules[r]) || r; }
  // emergencyTitle is the reason in one line (for a badge's hover), as
  // the server writes it (ticket.EmergencyReason.Text), or null; the names
  // and the punctuation are meta.emergency's.
  // setAsideText is a flag the classifier's veto set aside
  // (emergency_reason.set_aside) in the words of
  // console_labels.emergency.set_aside: the order is urgent, not an emergency.
  function setAsideText(r) {
    var vars = { rule: ruleName(r.rule || ""), number: r.number || "", cue: r.cue || "" };
    return M.emergency.set_aside.replace(/\{(rule|number|cue)\}/g, function (m, k) { return vars[k]; });
  }
  function emergencyTitle(r) {
    if (!r || !r.number) return null;
    if (r.set_aside) return setAsideText(r);
    var E = M.emergency;
    var one = function (label, n, cue, rule) {
      var why = [];
      if (cue) why.push(E.cue + E.colon + E.quote_open + cue + E.quote_close);
      if (rule) why.push(E.rule + E.colon + ruleName(rule));
      return label + " " + n + (why.length ? E.why_open + why.join(E.separator) + E.why_close : "");
    };
    return [one(E.number, r.number, r.cue, r.rule)].concat((r.also || []).map(function (a) { return one(E.also, a.number, a.cue, a.rule); })).join(E.separator);
  }
  // emergencyWhy shows why a message was flagged (emergency_reason): the
  // number to call and the citizen's words that fired, the rule's name on
  // hover (and after the words when full), then each other number needed.
  function emergencyWhy(r, full, id) {
    if (!r || !r.number) return null;
    if (r.set_aside) return h("div", { class: "why set-aside", id: id ? id + "-set-aside" : null }, setAsideText(r));
    var E = M.emergency;
    var part = function (n, cue, rule, also) {
      // The rule by its name only (console_labels.emergency_rules); its
      // code stays in data-rule, off the screen.
      var ruleText = rule ? E.rule + E.colon + ruleName(rule) : "";
      return h("span", { class: "why-part", "data-number": n, "data-rule": rule || null, title: ruleText || null },
        also ? E.also + " " : null,
        h("span", { class: "badge " + (also ? "orange" : "red") + " why-number", title: (also ? E.also : E.number) + " " + n }, n),
        cue ? h("span", { class: "why-cue" }, E.quote_open + cue + E.quote_close) : null,
        full && rule ? h("span", { class: "why-rule muted" }, E.why_open + ruleText + E.why_close) : null);
    };
    return h("div", { class: "why", id: id || null, title: full ? null : E.reason },
      part(r.number, r.cue, r.rule, false), (r.also || []).map(function (a) { return [" ", part(a.number, a.cue, a.rule, true)]; }));
  }

  function badges(t, item) {
    var out = [];
    if (t.flags) {
      if (t.flags.emergency) out.push(h("span", { class: "badge red", title: emergencyTitle(t.emergency_reason) }, T("badge.emergency") + (t.emergency_reason ? " " + t.emergency_reason.number : "")));
      else if (t.emergency_reason && t.emergency_reason.set_aside) out.push(h("span", { class: "badge orange set-aside", title: setAsideText(t.emergency_reason) }, T("badge.set_aside")));
      if (t.flags.instruction) out.push(h("span", { class: "badge purple" }, T("badge.instruction")));
      if (t.flags.supervised) out.push(h("span", { class: "badge orange" }, T("badge.supervised")));
      if (t.flags.leader_item) out.push(h("span", { class: "badge purple" }, T("badge.leader_item")));
      if (t.flags.repeat) out.push(h("span", { class: "badge" }, T("badge.repeat")));
    }
    if (t.repeat_count) out.push(h("span", { class: "badge" }, T("badge.repeat_count", { n: t.repeat_count })));
    if (item && item.warning === "yellow") out.push(h("span", { class: "badge yellow" }, M.warnings.yellow));
    if (item && item.warning === "red") out.push(h("span", { class: "badge red" }, M.warnings.red));
    if (item && item.escalated) out.push(h("span", { class: "badge red" }, T("badge.escalated")));
    if (item && item.sign_late) out.push(h("span", { class: "badge red", title: T("badge.sign_late_title", { time: fmtTime(t.sign_due) }) }, T("badge.sign_late")));
    if (t.archived) out.push(h("span", { class: "badge archived", title: T("badge.archived_title") }, T("badge.archived")));
    return out;
  }
  // fmtWorking writes a working time (seconds of the office's hours) in
  // hours and minutes: a working day is not 24 hours.
  function fmtWorking(sec) {
    var s = Math.max(0, Math.floor(sec || 0)), hr = Math.floor(s / 3600), mi = Math.floor(s % 3600 / 60);
    return hr ? T("time.hm", { h: hr, m: mi }) : T("time.m", { m: mi });
  }
  // waitedCell shows how long an order has waited for the office
  // (waiting_since, waited_seconds: working time, from the server).
  function waitedCell(t) {
    return t.waiting_since ? h("span", { class: "waited", title: T("orders.waiting_since", { time: fmtTime(t.waiting_since) }) }, fmtWorking(t.waited_seconds)) : "";
  }
  // dueCell shows an order's deadline and, for a leader's instruction,
  // the instruction's own deadline beside it, each under its field's name,
  // so that neither is read for the other.
  function dueCell(t, short) {
    var f = function (s) { return short ? fmtTime(s).slice(5) : fmtTime(s); };
    // A return visit waiting for the office (on the supervision desk's page)
    // runs to its close (deadline), which its days left count to, not to
    // the order's finish deadline, long past for many.
    if (t.deadline && t.status !== "dispatched" && !t.instruction_due) return [h("span", { class: "nowrap" }, f(t.deadline)), daysLeft(t)];
    // An order waiting to be signed for shows its sign deadline first: the
    // one the department must meet today.
    var sign = t.status === "dispatched" && t.sign_due ? h("div", { class: "due-sign" + (t.sign_late ? " over" : "") },
      h("small", { class: "muted" }, fieldLabel("sign_due")), " ", f(t.sign_due)) : null;
    // The time and the days left each stay whole; the cell may wrap
    // between them in a narrow card.
    if (!t.instruction_due) return sign ? [sign, h("div", { class: "due-order" }, h("small", { class: "muted" }, fieldLabel("due")), " ", f(t.due), daysLeft(t))] : [h("span", { class: "nowrap" }, f(t.due)), daysLeft(t)];
    return [h("div", { class: "due-order" }, h("small", { class: "muted" }, fieldLabel("due")), " ", f(t.due)),
      h("div", { class: "due-instruction" }, h("small", { class: "muted" }, fieldLabel("instruction_due")), " ", f(t.instruction_due))];
  }
  // daysLeft words the working days left until a running deadline
  // (days_left, counted by the server's calendar as departments count
  // their time limits): due.days_left, due.today, due.over_today (past
  // it since earlier today: warning red) or due.days_over; null when no
  // deadline runs.
  function daysLeft(t) {
    if (typeof t.days_left !== "number") return null;
    var n = t.days_left, over = n < 0 || (n === 0 && t.warning === "red");
    var text = n > 0 ? T("due.days_left", { n: n }) : n < 0 ? T("due.days_over", { n: -n }) : over ? T("due.over_today") : T("due.today");
    return h("small", { class: "days-left" + (over ? " over" : n === 0 ? " today" : "") }, text);
  }
  // lastReturn is the order's last return: who, when, why and the
  // department that returned it (the order's department then).
  function lastReturn(t) {
    var out = null;
    (t.events || []).forEach(function (ev) {
      if (ev.action === "return") out = { actor: ev.actor, at: ev.at, reason: ev.note || "", department: t.department };
    });
    return out;
  }
  // coParts is each co-handling department's part since the order's last
  // dispatch: its history note (co_reply, which names the department), or
  // order.co_pending naming the department.
  function coParts(t) {
    var co = t.co_departments || [];
    if (!co.length) return null;
    var since = "", notes = {};
    (t.events || []).forEach(function (ev) {
      if (ev.action === "dispatch") { since = ev.at; notes = {}; }
      if (ev.action === "co_reply" && ev.at >= since) {
        co.forEach(function (d) { if ((ev.actor || "").indexOf("dept:" + d + "/") === 0) notes[d] = ev; });
      }
    });
    return h("ul", { id: "order-co-parts", class: "co-parts" }, co.map(function (d) {
      var ev = notes[d];
      return h("li", { "data-department": d, "data-given": ev ? "1" : "0" }, ev ? [ev.note || d, " ", h("small", { class: "muted" }, fmtTime(ev.at))] : T("order.co_pending", { department: d }));
    }));
  }
  // extensionAsked is the order's last extension request: the date asked
  // for (the event's requested_due) and the department's reason (its note).
  function extensionAsked(t) {
    var out = { due: "", reason: "" };
    (t.events || []).forEach(function (ev) {
      if (ev.action === "request_extension") out = { due: ev.fields && ev.fields.requested_due ? ev.fields.requested_due[1] : "", reason: ev.note || "" };
    });
    return out;
  }
  // orderTable lists orders; compact (for the cards of a grid) leaves out
  // the category and department columns; waited adds how long each has
  // waited for the office.
  function orderTable(items, empty, compact, waited) {
    if (!items || !items.length) return h("p", { class: "muted" }, empty || T("common.none"));
    var full = !compact;
    return h("div", { class: "table-wrap" }, h("table", { class: "orders" + (compact ? " compact" : "") },
      h("thead", null, h("tr", null, h("th", null, fieldLabel("number")), h("th", null, fieldLabel("title")), h("th", null, fieldLabel("status")),
        full ? h("th", { class: "wide" }, fieldLabel("category")) : null, full ? h("th", { class: "wide" }, fieldLabel("department")) : null,
        h("th", { class: "wide" }, T("orders.due")), waited ? h("th", null, T("orders.waited")) : null, h("th", null, ""))),
      h("tbody", null, items.map(function (t) {
        return h("tr", { class: t.warning ? "warn-" + t.warning : "", "data-number": t.number },
          h("td", null, link("/desk/orders/" + t.number, t.number, { class: "order-link", "data-number": t.number })),
          h("td", { class: "title" }, t.title),
          h("td", null, statusLabel(t.status)),
          full ? h("td", { class: "wide" }, categoryName(t.category)) : null,
          full ? h("td", { class: "wide" }, t.department, t.co_departments && t.co_departments.length ? h("small", null, " " + T("orders.co", { list: t.co_departments.join(T("common.list_sep")) })) : null) : null,
          h("td", { class: "wide" }, dueCell(t, compact)),
          waited ? h("td", { class: "nowrap" }, waitedCell(t)) : null,
          // The marks may wrap, each whole: a narrow card keeps them in view.
          h("td", { class: "marks" }, badges(t, t)));
      }))));
  }
  // valueOptions lists the choices of an order field that has a list, as
  // [value, label] pairs; null for free text.
  function valueOptions(k) {
    var pairs = function (list) { return list.map(function (x) { return [x, x]; }); };
    switch (k) {
      case "category": return M.categories.map(function (c) { return [c.code, c.name]; });
      case "department": return pairs(M.departments);
      case "district": return [["", T("common.none_option")]].concat(pairs(M.districts));
      case "type": return pairs(M.request_types);
      case "urgency": return pairs(M.urgencies);
    }
    return null;
  }
  function section(title, body, id) {
    return h("section", { class: "card", id: id }, h("h2", null, title), body);
  }
  function field(label, input) { return h("label", { class: "field" }, h("span", null, label), input); }
  function select(id, options, value, attrs) {
    attrs = attrs || {};
    attrs.id = id;
    return h("select", attrs, options.map(function (o) {
      var v = Array.isArray(o) ? o[0] : o, l = Array.isArray(o) ? o[1] : o;
      return h("option", { value: v, selected: v === value }, l);
    }));
  }

  // --- agents: queue and conversation ------------------------------------

  function QueueView() { this.open = null; this.conv = null; this.timer = null; }
  QueueView.prototype.draw = function () {
    var self = this;
    var m = location.pathname.match(/^\/desk\/conversations\/(.+)$/);
    this.open = m ? decodeURIComponent(m[1]) : null;
    // A role that answers no queue (a leader) sees only the chats it holds.
    var whole = can("chat_queue");
    app.appendChild(h("div", { class: "split" },
      h("section", { class: "card queue-pane" },
        h("h2", { hidden: !whole }, T("queue.waiting"), " ", h("span", { id: "queue-count", class: "count" }, "0")),
        h("ul", { id: "queue", class: "queue", hidden: !whole }),
        h("h2", null, whole ? T("queue.held") : T("nav.my_chats")),
        h("ul", { id: "held", class: "queue held" })),
      h("section", { class: "card conv-pane", id: "conv" }, h("p", { class: "muted" }, whole ? T("queue.pick") : T("queue.pick_mine")))));
    this.loadQueue();
    if (this.open) this.loadConv();
    this.timer = setInterval(function () { self.tick(); }, 1000);
  };
  QueueView.prototype.tick = function () {
    if (!document.body.contains($("queue"))) { clearInterval(this.timer); return; }
    var now = Date.now() + clockOffset;
    document.querySelectorAll("[data-queued]").forEach(function (el) {
      el.textContent = T("queue.waited", { time: fmtWait((now - new Date(el.dataset.queued).getTime()) / 1000) });
    });
  };
  QueueView.prototype.onEvent = function (ev) {
    var self = this;
    // Throttled, not debounced: under a steady stream of events the queue
    // still reloads every 50 ms.
    // A view left behind (back/forward) draws nothing into its successor.
    var queue = function () { if (!self.qt) self.qt = setTimeout(function () { self.qt = null; if (view === self) self.loadQueue(); }, 50); };
    if (ev.kind === "queue" || ev.kind === "agent" || ev.kind === "ticket") queue();
    if (this.open && ev.conversation_id === this.open) { if (!self.ct) self.ct = setTimeout(function () { self.ct = null; if (view === self) self.loadConv(true); }, 50); }
    else if (ev.kind === "message") queue();
  };
  QueueView.prototype.refresh = function () { this.loadQueue(); if (this.open) this.loadConv(true); };
  QueueView.prototype.item = function (q) {
    var self = this;
    var conf = q.confidence || {};
    var cls = "queue-item" + (q.emergency ? " emergency" : "") + (q.id === this.open ? " on" : "");
    var open = function () { history.pushState(null, "", "/desk/conversations/" + encodeURIComponent(q.id)); self.open = q.id; self.loadQueue(); self.loadConv(); };
    // Tab reaches each entry and Enter or Space opens it, as a click does.
    return h("li", { class: cls, "data-id": q.id, tabindex: "0", role: "button", onclick: open,
      onkeydown: function (e) { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); open(); } } },
      h("div", { class: "row" },
        q.emergency && !q.emergency_reason ? h("span", { class: "badge red" }, T("badge.urgent")) : null,
        h("span", { class: "badge" }, channelLabel(q.channel)),
        q.agent ? h("span", { class: "holder" }, T("queue.agent", { name: staffName(q.agent) })) : h("span", { class: "wait", "data-queued": q.queued_at }, T("queue.waited", { time: fmtWait(q.waiting_seconds) }))),
      q.emergency || (q.emergency_reason && q.emergency_reason.set_aside) ? emergencyWhy(q.emergency_reason) : null,
      h("div", { class: "first" }, q.first_text || T("queue.no_text")),
      q.category || q.district ? h("div", { class: "fields" },
        q.category ? h("span", null, T("queue.category", { name: categoryName(q.category) }) + (conf.category ? " " + Math.round(conf.category * 100) + "%" : "")) : null,
        q.district ? h("span", null, T("queue.district", { name: q.district }) + (conf.district ? " " + Math.round(conf.district * 100) + "%" : "")) : null,
        q.urgency ? h("span", null, q.urgency) : null,
        q.department ? h("span", null, "→ " + q.department) : null) : null);
  };
  QueueView.prototype.loadQueue = function () {
    var self = this;
    api("GET", "/desk/api/queue").then(function (j) {
      clockOffset = new Date(j.server_time).getTime() - Date.now();
      var ul = $("queue"), held = $("held");
      if (!ul) return;
      var key = JSON.stringify([j.queue.map(function (q) { return [q.id, q.agent, q.first_text, q.category, q.district, q.urgency, q.emergency_reason]; }), j.held.map(function (q) { return [q.id, q.agent, q.emergency_reason]; }), self.open]);
      if (key === self.qkey) return;
      self.qkey = key;
      ul.innerHTML = ""; held.innerHTML = "";
      j.queue.forEach(function (q) { ul.appendChild(self.item(q)); });
      j.held.forEach(function (q) { held.appendChild(self.item(q)); });
      if (!j.queue.length) ul.appendChild(h("li", { class: "muted" }, T("queue.empty")));
      if (!j.held.length) held.appendChild(h("li", { class: "muted" }, T("common.none")));
      $("queue-count").textContent = j.queue.length;
    }).catch(function (e) { flash(e.message, true); });
  };
  QueueView.prototype.loadConv = function (keep) {
    var self = this;
    if (!keep) this.frame = null;
    api("GET", "/desk/api/conversations/" + encodeURIComponent(this.open)).then(function (j) {
      self.conv = j;
      self.drawConv(j);
    }).catch(function (e) { $("conv").innerHTML = ""; $("conv").appendChild(h("p", { class: "error" }, e.message)); });
  };
  QueueView.prototype.drawConv = function (j) {
    var self = this, c = j.conversation, id = c.id;
    var pane = $("conv");
    if (!pane) return;
    // The frame (buttons, composer, registration form) is rebuilt only
    // when the state or the holder changes; new messages, delivery states
    // and orders replace their own parts, so typing is never interrupted.
    var frame = JSON.stringify([id, c.state, c.agent, j.holder, !!c.draft, !!j.archived, c.emergency && c.emergency_reason]);
    if (frame === this.frame && $("messages")) {
      this.fillMessages(j);
      this.fillExtras(j);
      return;
    }
    this.frame = frame;
    pane.innerHTML = "";
    var path = "/desk/api/conversations/" + encodeURIComponent(id);
    var actions = [];
    if (j.archived) {
      // Moved to the yearly archive with its orders: read-only.
      actions.push(h("span", { class: "badge archived", id: "conv-archived", title: T("conv.archived_title") }, T("conv.archived")));
    } else if (c.state === "agent" && j.holder) {
      actions.push(h("button", { id: "release", onclick: function () { act("POST", path + "/release"); } }, T("conv.release")));
      actions.push(h("button", { id: "close", class: "danger", onclick: function () { if (confirm(T("conv.close_confirm"))) act("POST", path + "/close"); } }, T("conv.close")));
      // Transfer to an agent on duty (console open), picked by name.
      var to = select("transfer-to", [["", T("conv.transfer_pick")]], "");
      to.addEventListener("focus", function () { loadAgents(to); });
      loadAgents(to);
      actions.push(h("span", { class: "inline" }, to, h("button", { id: "transfer", onclick: function () {
        if (!to.value) { flash(T("conv.transfer_none_picked"), true); return; }
        act("POST", path + "/transfer", { to: to.value });
      } }, T("conv.transfer"))));
    } else if (c.state === "agent") {
      actions.push(h("span", { class: "holder", id: "held-by" }, T("conv.held_by", { name: staffName(c.agent) })));
    } else if (can("chat_queue")) {
      // A role without the chat queue (a leader) reads such a chat only.
      actions.push(h("button", { id: "take", class: "primary", onclick: function () { act("POST", path + "/take"); } }, T("conv.take")));
      if (c.state === "queued") actions.push(h("button", { id: "close", onclick: function () { if (confirm(T("conv.close_confirm"))) act("POST", path + "/close"); } }, T("conv.close_short")));
    }
    pane.appendChild(h("div", { class: "conv-head" },
      h("div", null, h("strong", null, channelLabel(c.channel) + " · " + (j.citizen_label || T("conv.citizen"))), " ",
        h("span", { class: "badge", id: "conv-state" }, convLabel(c.state)), c.emergency ? h("span", { class: "badge red" }, T("badge.urgent")) : null,
        c.emergency ? emergencyWhy(c.emergency_reason, true, "conv-why") : c.draft && c.draft.emergency_reason && c.draft.emergency_reason.set_aside ? emergencyWhy(c.draft.emergency_reason, true, "conv-why") : null,
        j.citizen && (j.citizen.name || (j.citizen.phones || []).length) ? h("div", { class: "muted", id: "citizen" }, (j.citizen.name || "") + " " + (j.citizen.phones || []).join(" ")) : null),
      h("div", { class: "actions" }, actions)));

    pane.appendChild(h("div", { class: "messages", id: "messages" }));
    this.fillMessages(j);

    if (c.state === "agent" && j.holder) {
      var text = h("textarea", { id: "reply-text", rows: 3, maxlength: 4000, placeholder: T("conv.reply_placeholder") });
      var canned = select("canned", [["", T("conv.canned")]].concat((me.canned_replies || []).map(function (t) { return [t, t.length > 24 ? t.slice(0, 24) + "…" : t]; })), "", {
        onchange: function () { if (canned.value) { text.value = canned.value; canned.value = ""; text.focus(); } }
      });
      var send = function () {
        var t = text.value.trim();
        if (!t) return;
        $("reply-send").disabled = true;
        api("POST", path + "/reply", { text: t }).then(function () { text.value = ""; self.loadConv(); })
          .catch(function (e) { flash(e.message, true); }).then(function () { if ($("reply-send")) $("reply-send").disabled = false; });
      };
      text.addEventListener("keydown", function (e) { if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); send(); } });
      pane.appendChild(h("div", { class: "composer" }, canned, text, h("button", { id: "reply-send", class: "primary", onclick: send }, T("conv.send"))));
      pane.appendChild(this.registerForm(c, path));
    }
    pane.appendChild(h("div", { id: "conv-extras" }));
    this.fillExtras(j);
  };
  QueueView.prototype.fillMessages = function (j) {
    var log = $("messages");
    var key = JSON.stringify(j.messages);
    if (key === log.dataset.key) return;
    log.dataset.key = key;
    var atEnd = log.scrollTop + log.clientHeight >= log.scrollHeight - 20;
    log.innerHTML = "";
    j.messages.forEach(function (m) {
      log.appendChild(h("div", { class: "msg " + m.direction + (m.sender.indexOf("agent:") === 0 ? " agent" : ""), "data-id": m.id, "data-status": m.status || "" },
        h("div", { class: "meta" }, senderLabel(m.sender), " · ", fmtTime(m.at),
          m.direction === "out" && m.status ? h("span", { class: "delivery " + m.status, title: m.status_reason || "" }, M.deliveries[m.status] || m.status) : null,
          m.direction === "out" && m.status_reason ? h("span", { class: "delivery-reason" }, "（" + m.status_reason + "）") : null),
        h("div", { class: "text" }, m.text)));
    });
    if (atEnd || !log.dataset.seen) log.scrollTop = log.scrollHeight;
    log.dataset.seen = "1";
  };
  QueueView.prototype.fillExtras = function (j) {
    var box = $("conv-extras");
    var key = JSON.stringify([j.orders, j.history]);
    if (!box || key === box.dataset.key) return;
    box.dataset.key = key;
    box.innerHTML = "";
    if (j.orders && j.orders.length) {
      box.appendChild(h("div", { class: "sub" }, h("h3", null, T("conv.orders")), orderTable(j.orders.slice().reverse())));
    }
    if (j.history && j.history.length) {
      box.appendChild(h("div", { class: "sub" }, h("h3", null, T("conv.history")), j.history.map(function (o) {
        return h("details", null, h("summary", null, channelLabel(o.channel) + " · " + T("conv.messages", { n: o.messages.length })),
          o.messages.map(function (m) { return h("div", { class: "msg small " + m.direction }, h("span", { class: "meta" }, senderLabel(m.sender) + " " + fmtTime(m.at) + "："), m.text); }));
      })));
    }
  };
  // registerForm shows every field of the order that registering would
  // create (GET …/proposal: all the citizen's messages classified again;
  // an emergency routed by its rule), for the agent to check and edit.
  QueueView.prototype.registerForm = function (c, path) {
    var d = c.draft || {};
    var box = h("div", { class: "sub register" }, h("h3", null, T("register.heading")));
    var inputs = {};
    var fill = function (p) {
      var conf = p.confidence || {};
      box.querySelectorAll(".reg-body").forEach(function (el) { el.remove(); });
      var body = h("div", { class: "reg-body" });
      if (p.emergency_number) body.appendChild(h("p", { class: "badge red", id: "reg-emergency" }, T("register.emergency", { number: p.emergency_number })));
      if (p.emergency_reason) body.appendChild(emergencyWhy(p.emergency_reason, true, "reg-why"));
      [["title", fieldLabel("title")], ["description", fieldLabel("description")], ["type", fieldLabel("type")], ["category", fieldLabel("category")], ["department", fieldLabel("department")], ["district", fieldLabel("district")], ["town", T("register.town")],
        ["address", fieldLabel("address")], ["phone", T("register.phone")], ["name", fieldLabel("name")], ["urgency", fieldLabel("urgency")]].forEach(function (f) {
        var k = f[0], opts = valueOptions(k), v = p[k] || "", el;
        if (opts) {
          if (v && !opts.some(function (o) { return o[0] === v; })) opts = [[v, v]].concat(opts);
          if (!v && k !== "district") opts = [["", T("register.auto")]].concat(opts);
          el = select("reg-" + k, opts, v);
        } else if (k === "description") {
          el = h("textarea", { id: "reg-desc", rows: 4, maxlength: 4000 }); el.value = v;
        } else {
          el = h("input", { id: k === "title" ? "reg-title" : "reg-" + k, value: v, maxlength: k === "title" ? 100 : 200 });
        }
        inputs[k] = el;
        var label = f[1] + (conf[k] && (k === "category" || k === "department") ? T("register.confidence", { pct: Math.round(conf[k] * 100) }) : "");
        body.appendChild(field(label, el));
      });
      box.insertBefore(body, box.querySelector("#register"));
    };
    fill({ title: d.title, description: d.description || c.first_text || "", category: d.category, department: d.department, district: d.district,
      town: d.town, address: d.address, phone: d.phone, name: d.name, type: d.type, urgency: d.urgency, confidence: d.confidence, emergency_number: d.emergency_number, emergency_reason: d.emergency_reason });
    api("GET", path + "/proposal").then(function (j) { fill(j.ticket); }).catch(function () {});
    box.appendChild(h("button", { id: "register", class: "primary", onclick: function () {
      var body = {};
      Object.keys(inputs).forEach(function (k) { body[k] = inputs[k].value; });
      if (body.phone && body.phone.indexOf("*") >= 0) delete body.phone;
      act("POST", path + "/register", body, function (r) { go("/desk/orders/" + r.ticket.number); });
    } }, T("register.submit")));
    return box;
  };

  // loadAgents fills a picker with the agents on duty.
  function loadAgents(sel) {
    api("GET", "/desk/api/agents").then(function (j) {
      var cur = sel.value;
      sel.innerHTML = "";
      sel.appendChild(h("option", { value: "" }, j.agents.length ? T("conv.transfer_pick") : T("conv.transfer_nobody")));
      j.agents.forEach(function (u) { sel.appendChild(h("option", { value: u.name, selected: u.name === cur }, (u.display_name || u.name) + "（" + u.role_label + "）")); });
    }).catch(function () {});
  }

  // --- order detail ------------------------------------------------------

  function OrderView() {}
  OrderView.prototype.draw = function () {
    this.number = decodeURIComponent(location.pathname.split("/").pop());
    this.load();
  };
  OrderView.prototype.refresh = function () { this.load(); };
  OrderView.prototype.onEvent = function (ev) { if (ev.ticket === this.number || ev.kind === "ticket") refresh(ev); };
  OrderView.prototype.load = function () {
    var self = this;
    api("GET", "/desk/api/orders/" + encodeURIComponent(this.number)).then(function (j) { self.duty = j.duty_active || null; self.ops = j.ops || []; if (j.archived) j.ticket.archived = true; j.ticket.days_left = j.days_left; j.ticket.warning = j.warning; j.ticket.route = j.route; self.show(j.ticket, j.files); })
      .catch(function (e) {
        app.innerHTML = "";
        app.appendChild(h("section", { class: "card", id: e.status === 404 ? "not-found" : "error" }, h("h2", null, e.status === 404 ? T("order.not_found") : T("common.error")), h("p", null, e.message)));
      });
  };
  // repeatOf links a repeat to the order it was merged into, for
  // the readers across departments; a department, which may not hold
  // that order, reads its number.
  function repeatOf(t) {
    if (!t.repeat_of || !can("readers")) return t.repeat_of;
    return link("/desk/orders/" + encodeURIComponent(t.repeat_of), t.repeat_of, { id: "order-repeat-of" });
  }
  OrderView.prototype.show = function (t, files) {
    // Re-draw only when the order changed, so that a form being filled in
    // is not replaced by an unrelated event.
    var key = JSON.stringify([t, files, this.duty]);
    if (key === this.key && $("order")) return;
    this.key = key;
    app.innerHTML = "";
    var rows = [
      [fieldLabel("number"), t.number], [fieldLabel("status"), statusLabel(t.status)], [fieldLabel("title"), t.title], [fieldLabel("description"), t.description],
      [fieldLabel("type"), t.type], [fieldLabel("category"), categoryName(t.category)], [fieldLabel("department"), t.department + (t.co_departments && t.co_departments.length ? T("order.co", { list: t.co_departments.join(T("common.list_sep")) }) : "")],
      [fieldLabel("district"), [t.district, t.town].filter(Boolean).join(" ")], [fieldLabel("address"), t.address], [fieldLabel("urgency"), t.urgency],
      [M.emergency.reason, emergencyWhy(t.emergency_reason, true, "order-why")],
      [T("order.citizen"), citizenCell(t)], [fieldLabel("channel"), channelLabel(t.channel)],
      [fieldLabel("accepted_at"), fmtTime(t.accepted_at)], [fieldLabel("sign_due"), fmtTime(t.sign_due)], [fieldLabel("due"), t.due ? [fmtTime(t.due), " ", daysLeft(t)] : ""], [fieldLabel("instruction_due"), fmtTime(t.instruction_due)],
      [T("order.co_parts"), coParts(t)],
      [fieldLabel("reply"), t.reply], [fieldLabel("satisfaction"), t.satisfaction], [fieldLabel("repeat_of"), repeatOf(t)],
      [T("order.conversation"), t.conversation_id && can("agents") ? link("/desk/conversations/" + encodeURIComponent(t.conversation_id), T("order.view_conversation"), { id: "order-conv" }) : ""]
    ];
    app.appendChild(h("div", { class: "split order" },
      h("section", { class: "card", id: "order" },
        h("h2", null, T("order.heading"), " ", h("span", { id: "order-number" }, t.number), " ", h("span", { class: "badge", id: "order-status", "data-status": t.status }, statusLabel(t.status)), " ", badges(t)),
        h("table", { class: "kv" }, rows.filter(function (r) { return r[1]; }).map(function (r) { return h("tr", null, h("th", null, r[0]), h("td", null, r[1])); })),
        (files || []).length ? h("p", { id: "order-files" }, T("order.files"), files.map(function (f, i) { return [i ? T("common.list_sep") : "", f.removed ? h("span", { class: "muted", title: T("order.file_removed_title", { time: fmtTime(f.removed) }) }, f.name + T("order.file_removed")) : h("a", { href: f.url, class: "attachment" }, f.name), !f.removed && f.size ? h("small", { class: "muted" }, "（" + fmtSize(f.size) + "）") : null]; })) : null),
      h("section", { class: "card actions-pane", id: "order-actions" }, h("h2", null, T("order.actions")), this.actions(t, this.duty, this.ops)),
      // The history comes after the actions: on a phone, where the cards
      // stand one under the other, the forms follow the order's fields.
      h("section", { class: "card", id: "order-history" },
        h("h2", null, T("order.history")),
        h("ol", { class: "events" }, (t.events || []).slice().reverse().map(function (ev) {
          var f = ev.fields ? Object.keys(ev.fields).map(function (k) {
            var v = ev.fields[k];
            if (k === "category") v = [categoryName(v[0]), categoryName(v[1])];
            var val = function (x) { return /^\d{4}-\d\d-\d\dT\d\d:\d\d/.test(x) ? fmtTime(x) : x; };
            // A value set that the note already names is not said twice
            // (a leader item's leader).
            if ((!v[0] || v[0] === v[1]) && v[1] && ev.note && ev.note.indexOf(v[1]) >= 0) return "";
            if (!v[0] || v[0] === v[1]) return fieldLabel(k) + "：" + val(v[1]);
            return fieldLabel(k) + "：" + val(v[0]) + " → " + val(v[1]);
          }).filter(Boolean).join("；") : "";
          var sw = ev.from && ev.to ? statusLabel(ev.from) + " → " + statusLabel(ev.to) : "";
          return h("li", { "data-action": ev.action }, h("span", { class: "meta" }, fmtTime(ev.at) + " " + actorLabel(ev.actor)), " ", h("strong", null, actionLabel(ev.action)), sw ? " " + sw : "", ev.note ? "：" + ev.note : "", f ? "（" + f + "）" : "");
        })))));
  };
  // citizenCell shows the citizen; a department may reveal the full
  // number once (audited as order.reveal_phone) to call back.
  function citizenCell(t) {
    var text = [t.name, t.phone].filter(Boolean).join(" ");
    if (!can("department") || !t.phone || t.phone.indexOf("*") < 0) return text;
    var span = h("span", { id: "citizen-phone" }, text, " ");
    span.appendChild(h("button", { id: "reveal-phone", type: "button", onclick: function () {
      api("POST", "/desk/api/orders/" + encodeURIComponent(t.number) + "/phone").then(function (j) {
        span.innerHTML = "";
        add(span, [t.name ? t.name + " " : "", h("a", { href: "tel:" + j.phone, id: "full-phone" }, j.phone), h("small", { class: "muted" }, T("order.phone_recorded"))]);
      }).catch(function (e) { flash(e.message, true); });
    } }, T("order.reveal_phone")));
    return span;
  }
  // actions draws the forms of the operations the server offers on this
  // order to this user (ops, from workflow.Offered): the page keeps no
  // table of which state allows what.
  OrderView.prototype.actions = function (t, duty, ops) {
    if (t.archived) return [h("p", { id: "archived-note", class: "muted" }, T("order.archived_note"))];
    var p = "/desk/api/orders/" + encodeURIComponent(t.number), role = me.role, out = [];
    var may = function (op) { return (ops || []).indexOf(op) >= 0; };
    if (can("department")) {
      if (t.status === "extension_requested") {
        // The office has not decided yet: the deadline stands and the work
        // goes on (the reply form below).
        out.push(h("p", { id: "ext-pending", class: "notice" }, T("act.ext_pending", { due: fmtTime(extensionAsked(t).due), old: fmtTime(t.due) })));
      }
      if (may("sign")) out.push(h("button", { id: "sign", class: "primary", onclick: function () { act("POST", p + "/sign"); } }, T("act.sign")));
      if (may("co_reply")) {
        // A co-handling department's part, which the lead department and
        // the office read before the lead replies.
        var ct = h("textarea", { id: "co-reply-text", rows: 4, maxlength: 4000, placeholder: T("act.co_placeholder") });
        out.push(h("div", { class: "form" }, h("h3", null, T("act.co_heading")), ct,
          h("button", { id: "co-reply", class: "primary", onclick: function () { act("POST", p + "/co-reply", { text: ct.value }); } }, T("act.co_submit"))));
      }
      if (may("reply")) {
        var rt = h("textarea", { id: "dept-reply-text", rows: 4, maxlength: 4000, placeholder: T("act.reply_placeholder") });
        var rf = h("input", { id: "dept-reply-file", type: "file", accept: M.attachment_accept });
        out.push(h("div", { class: "form" }, h("h3", null, T("act.reply_heading")), rt, field(T("act.attachment", { mb: Math.round(me.max_upload / 1048576) }), rf),
          h("button", { id: "dept-reply", class: "primary", onclick: function () {
            var fd = new FormData(); fd.append("text", rt.value);
            if (rf.files[0]) fd.append("file", rf.files[0]);
            act("POST", p + "/reply", fd);
          } }, T("act.reply_submit"))));
      }
      if (may("request_extension")) {
        var er = h("input", { id: "ext-reason", placeholder: T("act.ext_reason") }), ed = h("input", { id: "ext-date", type: "date" });
        out.push(h("div", { class: "form" }, h("h3", null, T("act.ext_request")), er, field(T("act.ext_date"), ed),
          h("button", { id: "ext", onclick: function () { act("POST", p + "/extension", { reason: er.value, new_due: ed.value }); } }, T("act.ext_request"))));
      }
      if (may("return")) {
        var rr = h("input", { id: "return-reason", placeholder: T("act.return_reason") });
        out.push(h("div", { class: "form" }, h("h3", null, T("act.return")), rr,
          h("button", { id: "return", class: "danger", onclick: function () { act("POST", p + "/return", { reason: rr.value }); } }, T("act.return"))));
      }
    }
    if (can("office")) {
      if (may("dispatch")) {
        var depts = M.departments.map(function (d) { return [d, d]; });
        // A returned order: who returned it and why, above the form, and
        // the department the routing rules give (route) when it is not
        // the one that returned it, picked for the dispatcher to confirm.
        var ret = t.status === "returned" ? lastReturn(t) : null;
        var suggested = ret && t.route && t.route !== ret.department ? t.route : "";
        if (ret) {
          out.push(h("p", { id: "return-notice", class: "notice" }, T("act.returned", { who: actorLabel(ret.actor), time: fmtTime(ret.at), reason: ret.reason }),
            suggested ? h("span", { id: "return-route" }, " " + T("act.route_suggested", { department: suggested })) : null));
        }
        var dd = select("dispatch-dept", [["", T("act.dispatch_pick")]].concat(depts), ret ? suggested : t.department);
        var co = select("dispatch-co", depts, null, { multiple: true, size: 4 });
        var dn = h("input", { id: "dispatch-note", placeholder: T("act.dispatch_note") });
        out.push(h("div", { class: "form" }, h("h3", null, T("act.dispatch")), field(T("act.dispatch_lead"), dd), field(T("act.dispatch_co"), co), dn,
          h("button", { id: "dispatch", class: "primary", onclick: function () {
            var cos = Array.prototype.filter.call(co.options, function (o) { return o.selected; }).map(function (o) { return o.value; });
            act("POST", p + "/dispatch", { department: dd.value, co: cos, note: dn.value });
          } }, T("act.dispatch"))));
      }
      if (may("answer")) {
        var at = h("textarea", { id: "answer-text", rows: 3, placeholder: T("act.answer_placeholder") });
        out.push(h("div", { class: "form" }, h("h3", null, T("act.answer_heading")), at,
          h("button", { id: "answer", onclick: function () { act("POST", p + "/answer", { text: at.value }); } }, T("act.answer"))));
      }
      if (may("edit")) {
        var ef = select("edit-field", M.editable_fields.map(function (k) { return [k, fieldLabel(k)]; }), "category");
        var slot = h("span", { class: "edit-slot" });
        // A field with a list (category, department, …) is picked by name.
        var drawValue = function () {
          var k = ef.value, opts = valueOptions(k), cur = t[k] || "";
          slot.innerHTML = "";
          slot.appendChild(opts ? select("edit-value", opts, cur) : h("input", { id: "edit-value", value: cur, placeholder: T("act.edit_value") }));
        };
        ef.onchange = drawValue;
        drawValue();
        var ec = h("input", { id: "edit-correction", type: "checkbox", checked: true });
        out.push(h("div", { class: "form" }, h("h3", null, T("act.edit_heading")), ef, slot, h("label", { class: "check" }, ec, T("act.edit_correction")),
          h("button", { id: "edit", onclick: function () { act("POST", p + "/edit", { field: ef.value, value: $("edit-value").value, correction: ec.checked }); } }, T("common.save"))));
      }
      if (may("merge")) {
        var mi = h("input", { id: "merge-into", placeholder: T("act.merge_into") });
        out.push(h("div", { class: "form" }, h("h3", null, T("act.merge_heading")), mi,
          h("button", { id: "merge", onclick: function () { act("POST", p + "/merge", { into: mi.value.trim() }); } }, T("act.merge"))));
      }
    }
    if (can("office")) {
      if (may("review")) {
        var rc = h("input", { id: "review-comment", placeholder: T("act.review_comment") });
        out.push(h("div", { class: "form" }, h("h3", null, T("act.review_heading")), rc,
          h("button", { id: "review-approve", class: "primary", onclick: function () { act("POST", p + "/review", { approve: true, comment: rc.value }); } }, T("act.review_approve")),
          h("button", { id: "review-rework", class: "danger", onclick: function () { act("POST", p + "/review", { approve: false, comment: rc.value }); } }, T("act.review_rework"))));
      }
      if (may("decide_extension")) {
        var xc = h("input", { id: "ext-comment", placeholder: T("act.ext_comment") }), ask = extensionAsked(t);
        out.push(h("div", { class: "form" }, h("h3", null, T("act.ext_decide_heading")),
          h("p", { id: "ext-asked", class: "notice" }, T("act.ext_asked", { due: fmtTime(ask.due), old: fmtTime(t.due), reason: ask.reason })), xc,
          h("button", { id: "ext-approve", class: "primary", onclick: function () { act("POST", p + "/extension/decision", { approve: true, comment: xc.value }); } }, T("act.ext_approve")),
          h("button", { id: "ext-refuse", class: "danger", onclick: function () { act("POST", p + "/extension/decision", { approve: false, comment: xc.value }); } }, T("act.ext_refuse"))));
      }
    }
    if (can("supervise")) {
      if (may("supervise") && can("instruct")) {
        // A leader's instruction: the order becomes an instruction item with its
        // own deadline; the history keeps the leader's name and words.
        // The example names the order's own department (none before the dispatch).
        var it = h("textarea", { id: "instruct-text", rows: 4, maxlength: 4000,
          placeholder: t.department ? T("act.instruct_placeholder", { department: t.department }) : T("act.instruct_placeholder_plain") });
        var form = h("div", { class: "form", id: "instruct-form", hidden: true }, h("h3", null, T("act.instruct_heading")), it,
          h("button", { id: "instruct", class: "primary", onclick: function () { act("POST", p + "/supervise", { note: it.value, instruction: true }); } }, T("act.instruct")));
        out.push(h("button", { id: "instruct-open", class: "primary", type: "button", onclick: function () { form.hidden = false; it.focus(); } },
          t.flags && t.flags.instruction ? T("act.instruct_again") : T("act.instruct_heading")), form);
      }
      if (may("supervise")) {
        var sn = h("input", { id: "sup-note", placeholder: can("instruct") ? T("act.supervise_note") : T("act.supervise_note_instruct") });
        var si = h("input", { id: "sup-instruction", type: "checkbox" });
        // The leader whose instruction the office records (by phone, on paper).
        var sl = h("input", { id: "sup-leader", placeholder: T("act.supervise_leader"), hidden: true });
        si.onchange = function () { sl.hidden = !si.checked; };
        out.push(h("div", { class: "form" }, h("h3", null, T("act.supervise")), sn, can("instruct") ? null : [h("label", { class: "check" }, si, T("act.supervise_instruction")), sl],
          h("button", { id: "supervise", onclick: function () { act("POST", p + "/supervise", { note: sn.value, instruction: si.checked, leader: si.checked ? sl.value : "" }); } }, T("act.supervise"))));
      }
    }
    // During a leaders' duty session an order can be made the leader's
    // (a leader item) by hand.
    if (duty && can("readers") && !(t.flags && t.flags.leader_item) && t.status !== "draft") {
      out.push(h("div", { class: "form" }, h("h3", null, T("act.leader_heading")), h("p", { class: "muted" }, T("act.leader_now", { title: duty.title, leader: duty.leader, start: duty.start, end: duty.end })),
        h("button", { id: "leader-item", onclick: function () { act("POST", p + "/leader-item"); } }, T("act.leader_item"))));
    }
    if (may("rate")) {
      var rs = select("rate-sat", M.satisfactions, M.satisfactions[0]);
      var rv = h("input", { id: "rate-solved", type: "checkbox", checked: true });
      out.push(h("div", { class: "form" }, h("h3", null, T("act.rate_heading")), rs, h("label", { class: "check" }, rv, T("act.rate_solved")),
        h("button", { id: "rate", onclick: function () { act("POST", p + "/rate", { satisfaction: rs.value, solved: rv.checked }); } }, T("act.rate"))));
    }
    if (!out.length) out.push(h("p", { class: "muted" }, T("act.none")));
    return out;
  };

  // --- departments -------------------------------------------------------

  // A department's page: its new, due-soon and overdue orders and its
  // reminders, then all its orders (lead or co-handling) as the order
  // search scoped to them on the server, in pages, what it still holds
  // first.
  function DeptView() { this.search = new OrdersView({ v: "dept", id: "dept-all", heading: T("dept.all"), empty: T("dept.all_empty") }); }
  DeptView.prototype.draw = function () {
    app.appendChild(h("div", { id: "dept-top" }));
    this.search.draw();
    this.loadTop();
  };
  DeptView.prototype.refresh = function () { this.loadTop(); this.search.refresh(); };
  DeptView.prototype.loadTop = function () {
    var self = this;
    Promise.all([api("GET", "/desk/api/department"), api("GET", "/desk/api/reminders?limit=20")]).then(function (r) {
      var j = r[0], key = JSON.stringify(r), top = $("dept-top");
      if (key === self.key || view !== self || !top) return;
      self.key = key;
      top.innerHTML = "";
      top.appendChild(h("h1", null, j.department));
      top.appendChild(h("div", { class: "grid" },
        section(T("dept.new"), orderTable(j.new, T("dept.new_empty"), true), "dept-new"),
        j.redo && j.redo.length ? section(T("dept.redo"), redoTable(j.redo), "dept-redo") : null,
        section(M.warnings.yellow, orderTable(j.due_soon, T("common.none"), true), "dept-due-soon"),
        section(M.warnings.red, orderTable(j.overdue, T("common.none"), true), "dept-overdue"),
        section(T("dept.supervised"), orderTable(j.supervised, T("common.none"), true), "dept-supervised"),
        section(T("dept.reminders"), remindersList(r[1].reminders), "dept-reminders")));
    }).catch(function (e) { flash(e.message, true); });
  };
  // redoTable lists a department's reopened orders with why each
  // came back: the review's comment or the citizen's rating and words.
  function redoTable(items) {
    return h("div", { class: "table-wrap" }, h("table", { class: "orders compact" },
      h("thead", null, h("tr", null, h("th", null, fieldLabel("number")), h("th", null, fieldLabel("title")), h("th", null, T("wq.redo_reason")), h("th", { class: "wide" }, T("orders.due")))),
      h("tbody", null, items.map(function (t) {
        return h("tr", { "data-number": t.number }, h("td", null, link("/desk/orders/" + t.number, t.number, { class: "order-link" })), h("td", null, t.title),
          h("td", { class: "why" }, reopenWhy(t)), h("td", { class: "wide" }, dueCell(t, true)));
      }))));
  }
  function remindersList(list, empty) {
    if (!list || !list.length) return h("p", { class: "muted" }, empty || T("dept.reminders_empty"));
    return h("ul", { class: "reminders" }, list.map(function (r) {
      // An order no longer this department's (returned and sent elsewhere) is named, not linked: its page would say it does not exist.
      var num = r.number ? (r.gone ? h("span", { class: "gone" }, r.number) : link("/desk/orders/" + r.number, r.number)) : null;
      return h("li", null, h("span", { class: "meta" }, fmtTime(r.at)), " ", num, " ", r.text);
    }));
  }

  // --- supervision -------------------------------------------------------

  // The supervision desk: what waits for the office (the longest waiting
  // first, with the working time waited), the late orders (past their
  // deadline or escalated: one list, each order once with both marks, a
  // page at a time), the supervised orders and leaders' instructions, and the office's inbox.
  function SupView() { this.latePage = 1; }
  SupView.prototype.draw = function () { this.refresh(); };
  SupView.prototype.refresh = function () {
    var calls = [api("GET", "/desk/api/supervisor?late_page=" + this.latePage)];
    if (can("office")) calls.push(api("GET", "/desk/api/reminders?limit=30"));
    var self = this;
    Promise.all(calls).then(function (r) {
      var j = r[0], key = JSON.stringify(r);
      if (key === self.key || view !== self) return;
      self.key = key;
      self.latePage = j.late_page;
      var turn = function (p) { self.latePage = p; self.refresh(); };
      var pager = j.late_pages > 1 ? h("div", { class: "pager", id: "sup-late-pager" },
        h("button", { id: "sup-late-prev", disabled: j.late_page <= 1, onclick: function () { turn(j.late_page - 1); } }, T("search.prev")),
        h("span", null, " " + j.late_page + " / " + j.late_pages + " "),
        h("button", { id: "sup-late-next", disabled: j.late_page >= j.late_pages, onclick: function () { turn(j.late_page + 1); } }, T("search.next"))) : null;
      // What waits for the office: the longest waiting of each list, and
      // the link to its work queue when there are more.
      var waiting = function (title, list, total, empty, queue, id) {
        if (!list) return null; // a queue the role does not see (a leader's)
        var more = total > list.length ? h("p", { class: "more" }, link("/desk/?v=wq-" + queue, T("sup.all_waiting", { n: total }), { id: id + "-all" })) : null;
        return h("section", { class: "card", id: id }, h("h2", null, title), orderTable(list, empty, true, true), more);
      };
      app.innerHTML = "";
      app.appendChild(h("div", { class: "grid" },
        waiting(T("sup.review"), j.pending_review, j.pending_review_total, T("sup.review_empty"), "review", "sup-review"),
        waiting(T("sup.visit"), j.pending_visit, j.pending_visit_total, T("sup.visit_empty"), "visit", "sup-visit"),
        waiting(T("sup.extension"), j.pending_extension, j.pending_extension_total, T("common.none"), "extension", "sup-extension"),
        waiting(T("sup.return"), j.pending_return, j.pending_return_total, T("common.none"), "return", "sup-return"),
        h("section", { class: "card", id: "sup-late" }, h("h2", null, T("sup.late"), " ", h("span", { class: "muted", id: "sup-late-count" }, T("sup.late_count", { n: j.late_total }))),
          orderTable(j.late, T("common.none"), true), pager),
        section(T("sup.supervised"), orderTable(j.supervised, T("common.none"), true), "sup-supervised"),
        j.co_late ? section(T("sup.co_late"), coLateList(j.co_late), "sup-co-late") : null,
        r[1] ? section(T("sup.reminders"), remindersList(r[1].reminders), "sup-reminders") : null));
    }).catch(function (e) { flash(e.message, true); });
  };

  // coLateList lists the orders whose co-handling departments are late
  // with their part (co_reply): each order, and who owes it since when.
  function coLateList(list) {
    if (!list.length) return h("p", { class: "muted" }, T("common.none"));
    return h("ul", { class: "co-late" }, list.map(function (it) {
      var late = (it.co || []).filter(function (c) { return c.late; });
      return h("li", { "data-number": it.number }, link("/desk/orders/" + it.number, it.number), " ", it.title || "", " — ",
        T("sup.co_late_item", { departments: late.map(function (c) { return c.department; }).join(T("common.list_sep")),
          due: late.length ? fmtTime(late[0].due) : "", lead: it.department || "" }));
    }));
  }

  // --- order search ------------------------------------------------------

  // OrdersView is the order search; opts (a department's list of all its orders) names the view
  // in the address, the card's id, heading and empty text. A department's
  // search is scoped to its orders by the server, so it has no department
  // filter, and sorts what it still holds first by default.
  function OrdersView(opts) {
    this.page = 1;
    this.o = opts || { v: "orders", id: "order-search-card", heading: T("search.heading"), empty: T("search.empty") };
  }
  OrdersView.prototype.draw = function () {
    var self = this, dept = can("department");
    var p = new URLSearchParams(location.search);
    var inp = function (id, ph, type) { return h("input", { id: id, placeholder: ph, type: type || "search", value: p.get(id.slice(2)) || "" }); };
    var pairs = function (list) { return list.map(function (x) { return [x, x]; }); };
    this.f = {
      number: inp("f-number", T("search.number")),
      phone: inp("f-phone", T("search.phone"), "tel"), // a phone shows its keypad
      q: inp("f-q", T("search.q")),
      // A department's orders are never drafts nor accepted only (meta.department_statuses).
      status: select("f-status", [["", T("search.all_statuses")]].concat(M.statuses.filter(function (x) { return !dept || M.department_statuses.indexOf(x.code) >= 0; }).map(function (x) { return [x.code, x.label]; })), p.get("status") || ""),
      department: dept ? null : select("f-department", [["", T("search.all_departments")]].concat(pairs(M.departments)), p.get("department") || ""),
      category: select("f-category", [["", T("search.all_categories")]].concat(M.categories.map(function (c) { return [c.code, c.name]; })), p.get("category") || ""),
      district: select("f-district", [["", T("search.all_districts")], [M.no_district, T("search.no_district")]].concat(pairs(M.districts)), p.get("district") || ""),
      flag: select("f-flag", [["", T("search.all_flags")]].concat(M.search_flags.map(function (x) { return [x.code, x.label]; })), p.get("flag") || ""),
      from: inp("f-from", "", "date"),
      to: inp("f-to", "", "date"),
      sort: select("f-sort", (dept ? [["open", T("search.sort_open")]] : []).concat([["accepted", T("search.sort_accepted")], ["due", T("search.sort_due")], ["number", T("search.sort_number")], ["status", T("search.sort_status")], ["department", T("search.sort_department")], ["category", T("search.sort_category")]]), p.get("sort") || (dept ? "open" : "accepted"))
    };
    if (!this.f.department) delete this.f.department;
    this.page = +(p.get("page") || 1) || 1;
    var form = h("form", { class: "filters search", id: "order-search", onsubmit: function (e) { e.preventDefault(); self.page = 1; self.refresh(); } },
      Object.keys(this.f).map(function (k) { return k === "from" || k === "to" ? field(k === "from" ? T("search.from") : T("search.to"), self.f[k]) : self.f[k]; }),
      h("label", { class: "check" }, this.archived = h("input", { id: "f-archived", type: "checkbox", checked: p.get("archived") === "1", onchange: function () { self.page = 1; self.refresh(); } }), T("search.archived")),
      h("button", { id: "f-search", class: "primary", type: "submit" }, T("search.submit")),
      h("button", { id: "f-reset", type: "button", onclick: function () { go("/desk/?v=" + self.o.v); } }, T("search.reset")));
    ["status", "department", "category", "district", "flag", "sort", "from", "to"].forEach(function (k) { if (self.f[k]) self.f[k].onchange = function () { self.page = 1; self.refresh(); }; });
    app.appendChild(h("section", { class: "card", id: this.o.id }, h("h2", null, this.o.heading), form,
      h("div", { class: "list-head" }, h("span", { id: "orders-total", class: "muted" }),
        h("span", { class: "export" }, T("search.export"),
          h("a", { id: "export-xlsx", class: "button", href: "#" }, "Excel (XLSX)"), " ",
          h("a", { id: "export-csv", class: "button", href: "#" }, "CSV"))),
      h("div", { id: "orders-list" }), h("div", { id: "pager", class: "pager" })));
    this.refresh();
  };
  // query returns the search as URL parameters (without the page).
  OrdersView.prototype.query = function () {
    var self = this, q = new URLSearchParams();
    Object.keys(this.f).forEach(function (k) { var v = self.f[k].value.trim(); if (v) q.set(k, v); });
    if (this.archived && this.archived.checked) q.set("archived", "1");
    return q;
  };
  OrdersView.prototype.refresh = function () {
    var self = this, q = this.query();
    if (!$("export-xlsx")) return;
    var xq = new URLSearchParams(q); xq.set("format", "xlsx"); $("export-xlsx").href = "/desk/api/orders/export?" + xq;
    xq.set("format", "csv"); $("export-csv").href = "/desk/api/orders/export?" + xq;
    if (this.page > 1) q.set("page", this.page);
    var vq = new URLSearchParams(q); vq.set("v", this.o.v);
    history.replaceState(null, "", "/desk/?" + vq);
    api("GET", "/desk/api/orders?" + q).then(function (j) {
      var el = $("orders-list");
      if (!el) return;
      el.innerHTML = "";
      el.appendChild(orderTable(j.orders || [], self.o.empty));
      $("orders-total").textContent = T("search.total", { total: j.total, page: j.page, pages: j.pages });
      var pg = $("pager");
      pg.innerHTML = "";
      if (j.pages > 1) {
        pg.appendChild(h("button", { id: "page-prev", disabled: j.page <= 1, onclick: function () { self.page = j.page - 1; self.refresh(); } }, T("search.prev")));
        pg.appendChild(h("span", null, " " + j.page + " / " + j.pages + " "));
        pg.appendChild(h("button", { id: "page-next", disabled: j.page >= j.pages, onclick: function () { self.page = j.page + 1; self.refresh(); } }, T("search.next")));
      }
    }).catch(function (e) { flash(e.message, true); });
  };

  // --- administration ----------------------------------------------------

  function UsersView() {}
  UsersView.prototype.draw = function () {
    var name = h("input", { id: "u-name", placeholder: T("users.name") });
    var dn = h("input", { id: "u-display", placeholder: T("users.display_placeholder"), maxlength: 16 });
    var role = select("u-role", M.roles.map(function (r) { return [r.code, r.label]; }), "agent");
    var dept = select("u-dept", [["", T("users.department_pick")]].concat(M.departments.map(function (d) { return [d, d]; })), "");
    var pass = h("input", { id: "u-pass", type: "password", placeholder: T("users.password"), autocomplete: "new-password" });
    app.appendChild(h("section", { class: "card" }, h("h2", null, T("users.add")), h("div", { class: "filters" }, name, dn, role, dept, pass,
      h("button", { id: "u-add", class: "primary", onclick: function () {
        act("POST", "/desk/api/users", { name: name.value, display_name: dn.value, role: role.value, department: has(M.can.department, role.value) ? dept.value : "", password: pass.value }, function () { pass.value = ""; name.value = ""; dn.value = ""; });
      } }, T("users.create")))));
    app.appendChild(h("section", { class: "card" }, h("h2", null, T("users.list")), h("div", { id: "users-list", class: "table-wrap" })));
    this.refresh();
  };
  UsersView.prototype.refresh = function () {
    var self = this;
    api("GET", "/desk/api/users").then(function (j) {
      var el = $("users-list");
      if (!el) return;
      var key = JSON.stringify(j.users);
      if (key === self.key) return;
      self.key = key;
      el.innerHTML = "";
      el.appendChild(h("table", { class: "orders users" }, h("thead", null, h("tr", null, h("th", null, T("users.name")), h("th", null, T("users.display")), h("th", null, T("users.role")), h("th", { class: "wide" }, T("users.department")), h("th", null, T("users.state")), h("th", null, T("users.ops")))),
        h("tbody", null, j.users.map(function (u) { return self.row(u); }))));
    }).catch(function (e) { flash(e.message, true); });
  };
  UsersView.prototype.row = function (u) {
    var path = "/desk/api/users/" + encodeURIComponent(u.name);
    var tools = h("div", { class: "user-tools", hidden: true },
      field(T("users.display"), h("input", { class: "e-display", value: u.display_name || "", maxlength: 16 })),
      field(T("users.role"), select(undefined, M.roles.map(function (r) { return [r.code, r.label]; }), u.role, { class: "e-role" })),
      field(T("users.department_field"), select(undefined, [["", T("common.none_option")]].concat(M.departments.map(function (d) { return [d, d]; })), u.department || "", { class: "e-dept" })),
      h("button", { class: "primary e-save", onclick: function () {
        var role = tools.querySelector(".e-role").value;
        act("POST", path, { display_name: tools.querySelector(".e-display").value, role: role, department: has(M.can.department, role) ? tools.querySelector(".e-dept").value : "" });
      } }, T("common.save")),
      h("span", { class: "inline" }, h("input", { class: "e-pass", type: "password", placeholder: T("users.new_password"), autocomplete: "new-password" }),
        h("button", { class: "e-reset", onclick: function () {
          var pw = tools.querySelector(".e-pass");
          act("POST", path + "/password", { password: pw.value }, function () { pw.value = ""; flash(T("users.password_reset")); });
        } }, T("users.reset_password"))));
    return h("tr", { "data-user": u.name, class: u.disabled ? "disabled" : "" },
      h("td", null, u.name), h("td", null, u.display_name || h("span", { class: "muted" }, T("users.unset"))), h("td", null, u.role_label),
      h("td", { class: "wide" }, u.department || ""),
      h("td", { class: "u-state" }, u.disabled ? h("span", { class: "badge red" }, T("users.disabled")) : u.online ? h("span", { class: "badge green" }, T("users.online")) : T("users.offline")),
      h("td", null,
        h("button", { class: "u-edit", onclick: function () { tools.hidden = !tools.hidden; } }, T("users.edit")),
        u.name === me.name ? null : u.disabled
          ? h("button", { class: "u-enable", onclick: function () { act("POST", path, { disabled: false }); } }, T("users.enable"))
          : h("button", { class: "u-disable danger", onclick: function () { if (confirm(T("users.disable_confirm", { name: u.display_name || u.name }))) act("POST", path, { disabled: true }); } }, T("users.disable")),
        tools));
  };

  function AuditView() {}
  AuditView.prototype.draw = function () { this.refresh(); };
  AuditView.prototype.refresh = function () {
    api("GET", "/desk/api/audit?limit=300").then(function (j) {
      app.innerHTML = "";
      app.appendChild(h("section", { class: "card" }, h("h2", null, T("audit.heading")),
        h("p", null, h("a", { id: "audit-export", class: "button", href: "/desk/api/audit/export" }, T("audit.export"))),
        h("div", { class: "table-wrap" }, h("table", { class: "orders audit" },
        h("tr", null, h("th", null, T("audit.time")), h("th", null, T("audit.actor")), h("th", null, T("audit.action")), h("th", null, T("audit.object")), h("th", { class: "wide" }, T("audit.before")), h("th", { class: "wide" }, T("audit.after"))),
        (j.audit || []).map(function (a) {
          return h("tr", null, h("td", null, fmtTime(a.at)), h("td", null, a.actor_label || actorLabel(a.actor)), h("td", { "data-action": a.action }, actionLabel(a.action)), h("td", null, a.object || ""), h("td", { class: "wide" }, a.before_text || ""), h("td", { class: "wide" }, a.after_text || ""));
        })))));
    }).catch(function (e) { flash(e.message, true); });
  };

  // --- quality inspection --------------------------------------------------
  // Supervisors and administrators draw closed orders at random (POST
  // /desk/api/inspections/sample: a number per department, last week's by
  // default) and score each on the items of meta.inspection_items; leaders
  // read the scores, a department those of its own orders
  // (GET /desk/api/inspections).

  // The view loads on its own actions only, not on the event stream's
  // order changes, which would wipe scores being typed.
  function InspectionView() {}
  InspectionView.prototype.draw = function () { this.load(); };
  InspectionView.prototype.load = function () {
    var self = this;
    api("GET", "/desk/api/inspections").then(function (j) { self.show(j); }).catch(function (e) { flash(e.message, true); });
  };
  InspectionView.prototype.show = function (j) {
    var self = this, items = M.inspection_items || [];
    var head = function (extra) {
      return h("tr", null, h("th", null, fieldLabel("number")), h("th", null, fieldLabel("department")), h("th", null, fieldLabel("title")),
        h("th", null, T("inspect.closed")), extra);
    };
    var cells = function (x) {
      return [h("td", null, link("/desk/orders/" + encodeURIComponent(x.number), x.number)), h("td", null, x.department), h("td", null, x.title), h("td", null, fmtTime(x.closed_at))];
    };
    app.innerHTML = "";
    var card = h("section", { class: "card", id: "inspection" }, h("h2", null, T("inspect.heading")));
    if (can("inspect")) {
      var from = h("input", { id: "insp-from", type: "date" }), to = h("input", { id: "insp-to", type: "date" });
      var dept = select("insp-department", [["", T("search.all_departments")]].concat(M.departments.map(function (d) { return [d, d]; })), "");
      var cat = select("insp-category", [["", T("search.all_categories")]].concat(M.categories.map(function (c) { return [c.code, c.name]; })), "");
      var n = h("input", { id: "insp-n", type: "number", min: "1", max: "100", placeholder: T("inspect.per_department") });
      card.appendChild(h("form", { class: "filters", id: "insp-sample", onsubmit: function (e) {
        e.preventDefault();
        act("POST", "/desk/api/inspections/sample", { from: from.value, to: to.value, department: dept.value, category: cat.value, n: parseInt(n.value, 10) || 0 }, function () { self.load(); });
      } }, h("span", { class: "muted" }, T("inspect.sample_hint")), from, to, dept, cat, n, h("button", { type: "submit", id: "insp-draw" }, T("inspect.sample"))));
      var pending = j.pending || [];
      card.appendChild(h("h3", null, T("inspect.pending", { n: pending.length })));
      card.appendChild(pending.length ? h("div", { class: "table-wrap" }, h("table", { class: "orders", id: "insp-pending" },
        head(h("th", { class: "wide" }, T("inspect.score"))),
        pending.map(function (x) {
          var inputs = items.map(function (it) {
            return h("label", { class: "insp-item" }, it.name + " ", h("input", { type: "number", min: "0", max: String(it.points), "data-item": it.code, required: true, class: "insp-points" }), " / " + it.points);
          });
          var note = h("input", { class: "insp-note", placeholder: T("inspect.note") });
          var form = h("form", { class: "insp-form", "data-number": x.number, onsubmit: function (e) {
            e.preventDefault();
            var scores = {};
            inputs.forEach(function (l) { var i = l.querySelector("input"); scores[i.getAttribute("data-item")] = parseInt(i.value, 10); });
            act("POST", "/desk/api/inspections/" + encodeURIComponent(x.number), { scores: scores, note: note.value }, function () { self.load(); });
          } }, inputs, note, h("button", { type: "submit", class: "insp-save" }, T("inspect.save")));
          return h("tr", { "data-number": x.number }, cells(x), h("td", { class: "wide" }, form));
        }))) : h("p", { class: "muted" }, T("inspect.none_pending")));
    }
    var scored = j.scored || [];
    card.appendChild(h("h3", null, T("inspect.scored", { n: scored.length })));
    card.appendChild(scored.length ? h("div", { class: "table-wrap" }, h("table", { class: "orders", id: "insp-scored" },
      head([h("th", null, T("inspect.total"))].concat(items.map(function (it) { return h("th", null, it.name); }), [h("th", { class: "wide" }, T("inspect.note")), h("th", null, T("inspect.inspector"))])),
      scored.map(function (x) {
        return h("tr", { "data-number": x.number }, cells(x), h("td", { class: "insp-total" }, T("inspect.points", { total: x.total, max: x.max })),
          items.map(function (it) { return h("td", null, x.scores && x.scores[it.code] !== undefined ? String(x.scores[it.code]) : ""); }),
          h("td", { class: "wide" }, x.note || ""), h("td", null, staffName(x.inspector)));
      }))) : h("p", { class: "muted" }, T("inspect.none_scored")));
    app.appendChild(card);
  };

  // --- office work queues --------------------------------------------------
  // dispatch, redo, review, visit, extension, return, due, supervised: one
  // navigation entry each with its count (GET /desk/api/queues, asked
  // again at most once a second while the event stream reports orders
  // changing), and a view of the queue sorted by deadline with the
  // working days left (queueLeft) and the yellow/red mark.

  var WQ = { list: null, timer: null, pending: false };
  function wqNavItems(items) {
    if (!can("readers") || !WQ.list) return;
    // Only the queues the role's navigation shows (meta.nav_queues).
    var shown = M.nav_queues[me.role] || [];
    WQ.list.forEach(function (q) { if (shown.indexOf(q.name) >= 0) items.push(["wq-" + q.name, q.label]); });
  }
  function wqDrawCounts() {
    if (!WQ.list) return;
    WQ.list.forEach(function (q) {
      var a = document.querySelector('#nav a[data-view="wq-' + q.name + '"]');
      if (!a) return;
      var b = a.querySelector(".count");
      if (!b) { b = h("span", { class: "count wq-count", "data-queue": q.name }); a.appendChild(document.createTextNode(" ")); a.appendChild(b); }
      b.textContent = q.count;
      b.hidden = !q.count;
    });
  }
  function wqRefresh() {
    if (!me || !can("readers")) return;
    if (WQ.timer) { WQ.pending = true; return; }
    WQ.timer = setTimeout(function () {
      WQ.timer = null;
      if (WQ.pending) { WQ.pending = false; wqRefresh(); }
    }, 1000);
    api("GET", "/desk/api/queues").then(function (j) {
      var first = !WQ.list;
      WQ.list = j.queues;
      window.deskQueueCounts = {};
      j.queues.forEach(function (q) { window.deskQueueCounts[q.name] = q.count; });
      if (first) drawNav(); else wqDrawCounts();
    }).catch(function () {});
  }
  // queueLeft words the working days left until a queue item's own
  // deadline (days_left, counted by the server's calendar) as the order's
  // page does (daysLeft), over today once remaining_seconds is negative.
  function queueLeft(it) {
    return daysLeft({ days_left: it.days_left, warning: it.remaining_seconds < 0 ? "red" : "" }) || "—";
  }

  // reopenWhy says why an order came back (reopened): its history's last
  // reopening, named by its action (a failed review, the citizen's
  // rating) with its note.
  function reopenWhy(t) {
    var evs = t.events || [];
    for (var i = evs.length - 1; i >= 0; i--) {
      if (evs[i].to === "reopened") return actionLabel(evs[i].action) + (evs[i].note ? "：" + evs[i].note : "");
    }
    return "";
  }

  // wqFilters are a work queue's filters (GET /desk/api/queues/{name}'s
  // query): each a select of the values the meta offers, the first taking
  // every order.
  function wqFilters() {
    return [
      ["district", T("search.all_districts"), [[M.no_district, T("search.no_district")]].concat(M.districts.map(function (d) { return [d, d]; }))],
      ["category", T("search.all_categories"), M.categories.map(function (c) { return [c.code, c.name]; })],
      ["channel", T("wq.all_channels"), Object.keys(M.channels).map(function (c) { return [c, M.channels[c]]; })],
      ["urgency", T("wq.all_urgencies"), M.urgencies.map(function (u) { return [u, u]; })]
    ];
  }
  function WorkQueueView(name) { this.name = name; }
  WorkQueueView.prototype.draw = function () {
    var self = this, p = new URLSearchParams(location.search);
    // The filters stay in the address, so a reload or a shared link keeps
    // them.
    this.f = {};
    var form = h("form", { class: "filters", id: "wq-filters", onsubmit: function (e) { e.preventDefault(); } },
      wqFilters().map(function (d) {
        var s = self.f[d[0]] = select("wq-f-" + d[0], [["", d[1]]].concat(d[2]), p.get(d[0]) || "");
        s.onchange = function () {
          var q = new URLSearchParams(location.search);
          if (s.value) q.set(d[0], s.value); else q.delete(d[0]);
          history.replaceState(null, "", location.pathname + "?" + q);
          self.refresh();
        };
        return s;
      }));
    app.innerHTML = "";
    app.appendChild(h("section", { class: "card", id: "wq-" + this.name },
      h("h2", null, h("span", { id: "wq-label" }), " ", h("span", { class: "muted", id: "wq-count" })), form,
      h("p", { class: "muted", id: "wq-filtered", hidden: true }), h("div", { id: "wq-body" })));
    // A role's start page with an inbox of its own (a leader's: what
    // became of the orders they gave an instruction) shows it under the
    // queue.
    this.inbox = !!home().inbox && "wq-" + this.name === homeView();
    if (this.inbox) app.appendChild(h("div", { id: "home-inbox" }));
    // The server's calendar counts the days left: asked again each
    // minute, the view redraws only when a count or a deadline's passing
    // changed.
    this.tick = setInterval(function () { if (view !== self) { clearInterval(self.tick); return; } self.refresh(); }, 60000);
    this.refresh();
  };
  // query is the filters as URL parameters.
  WorkQueueView.prototype.query = function () {
    var self = this, q = new URLSearchParams();
    Object.keys(this.f).forEach(function (k) { var v = self.f[k].value; if (v) q.set(k, v); });
    return q;
  };
  WorkQueueView.prototype.refresh = function () {
    var self = this, q = this.query().toString();
    if (this.inbox) api("GET", "/desk/api/reminders?limit=20").then(function (r) {
      var box = $("home-inbox"), key = JSON.stringify(r.reminders);
      if (view !== self || !box || key === self.inboxKey) return;
      self.inboxKey = key;
      box.innerHTML = "";
      box.appendChild(section(T("leader.inbox"), remindersList(r.reminders, T("leader.inbox_empty")), "leader-inbox"));
    }).catch(function (e) { flash(e.message, true); });
    api("GET", "/desk/api/queues/" + encodeURIComponent(this.name) + (q ? "?" + q : "")).then(function (j) {
      if (view !== self || !$("wq-body")) return;
      var key = q + JSON.stringify([j.total, j.items], function (k, v) { return k === "remaining_seconds" ? v < 0 : k === "waited_seconds" ? Math.floor(v / 60) : v; });
      if (key === self.key) return;
      self.key = key;
      var hold = self.name === "dispatch", waiting = !!j.waiting, redo = self.name === "redo";
      var rows = j.items.map(function (it) {
        var mark = it.mark ? "warn-" + it.mark : "";
        return h("tr", { class: mark, "data-number": it.number },
          h("td", null, link("/desk/orders/" + it.number, it.number, { class: "order-link", "data-number": it.number })),
          h("td", null, it.title),
          h("td", null, statusLabel(it.status)),
          h("td", { class: "wide" }, categoryName(it.category)),
          h("td", null, it.department, hold ? h("small", { class: "muted" }, T("wq.suggested")) : null),
          hold ? h("td", { class: "hold" }, it.hold || "") : null,
          redo ? h("td", { class: "why" }, reopenWhy(it)) : null,
          h("td", { class: "wide" }, it.instruction_due ? dueCell(it) : fmtTime(it.deadline)),
          it.running ? h("td", { class: "left " + (it.mark || "") }, queueLeft(it)) : h("td", { class: "left" }, "—"),
          waiting ? h("td", { class: "nowrap" }, waitedCell(it)) : null,
          h("td", null, it.mark === "red" ? h("span", { class: "badge red" }, M.warnings.red) : it.mark === "yellow" ? h("span", { class: "badge yellow" }, M.warnings.yellow) : null, badges(it)));
      });
      $("wq-label").textContent = j.label;
      $("wq-count").textContent = waiting ? T("wq.count_waiting", { n: j.total }) : T("wq.count", { n: j.total });
      var filtered = $("wq-filtered");
      filtered.hidden = !q;
      filtered.textContent = q ? T("wq.filtered", { n: j.items.length, total: j.total }) : "";
      var body = $("wq-body");
      body.innerHTML = "";
      body.appendChild(
        j.items.length ? h("div", { class: "table-wrap", id: "wq-list" }, h("table", { class: "orders" },
          h("thead", null, h("tr", null, h("th", null, fieldLabel("number")), h("th", null, fieldLabel("title")), h("th", null, fieldLabel("status")), h("th", { class: "wide" }, fieldLabel("category")),
            h("th", null, hold ? T("wq.suggested_department") : fieldLabel("department")), hold ? h("th", null, T("wq.hold_reason")) : null, redo ? h("th", null, T("wq.redo_reason")) : null, h("th", { class: "wide" }, T("orders.due")), h("th", null, T("wq.left")), waiting ? h("th", null, T("orders.waited")) : null, h("th", null, ""))),
          h("tbody", null, rows))) : h("p", { class: "muted", id: "wq-list" }, T("common.none")));
    }).catch(function (e) { flash(e.message, true); });
  };

  // --- start -------------------------------------------------------------

  $("logout").addEventListener("click", function () {
    api("POST", "/desk/api/logout").then(function () { location.href = "/desk/login"; });
  });
  window.addEventListener("popstate", render);
  Promise.all([api("GET", "/desk/api/me"), api("GET", "/desk/api/meta")]).then(function (r) {
    var j = r[0];
    me = j;
    M = indexMeta(r[1]);
    clockOffset = new Date(j.server_time).getTime() - Date.now();
    render();
    listen();
    drawAlertsToggle();
    watchQueue();
    wqRefresh();
  }).catch(function (e) { app.innerHTML = ""; app.appendChild(h("p", { class: "error" }, e.message)); });
})();
