// The citizen's chat page: opens a conversation (kept in localStorage so a
// reload continues it), sends messages, and shows replies as they arrive
// over Server-Sent Events, falling back to long-polling.
(function () {
  "use strict";
  var base = location.pathname.replace(/\/(index\.html)?$/, "");
  var log = document.getElementById("log");
  var form = document.getElementById("composer");
  var input = document.getElementById("text");
  var sendBtn = document.getElementById("send");
  var notice = document.getElementById("notice");
  var conv = localStorage.getItem("hotline.conversation");
  var last = 0, shown = {}, stream = null, polling = false;
  // The page's words (webchat_texts), which the server wrote into the
  // page: T("id", {n: 3}) is one with its {n} filled in.
  var texts = JSON.parse(document.getElementById("texts").textContent);
  function T(id, vals) {
    var s = Object.prototype.hasOwnProperty.call(texts, id) ? texts[id] : id;
    return vals ? s.replace(/\{([A-Za-z_][A-Za-z0-9_]*)\}/g, function (m, k) {
      return Object.prototype.hasOwnProperty.call(vals, k) ? String(vals[k]) : m;
    }) : s;
  }
  var names = { bot: T("who.bot"), agent: T("who.agent"), citizen: T("who.citizen"), system: T("who.system") };

  function show(m) {
    if (shown[m.id]) return;
    shown[m.id] = true;
    // The welcome shown when the chat opened (id 0) gives way to its
    // stored copy, which arrives with the first reply.
    var provisional = log.querySelector('.msg[data-id="0"]');
    if (provisional && m.id !== 0 && m.from === "bot" && provisional.dataset.text === m.text) {
      provisional.remove();
    }
    var div = document.createElement("div");
    div.className = "msg " + m.from;
    div.dataset.id = m.id;
    div.dataset.text = m.text;
    var who = document.createElement("span");
    who.className = "who";
    // An agent's messages carry the agent's label (replies.agent_label).
    who.textContent = m.label || names[m.from] || m.from;
    div.appendChild(who);
    div.appendChild(document.createTextNode(m.text));
    // keep order by id
    var after = null;
    for (var i = log.children.length - 1; i >= 0; i--) {
      if (Number(log.children[i].dataset.id) < m.id) { after = log.children[i]; break; }
    }
    if (after) after.after(div); else log.prepend(div);
    if (m.id > last) last = m.id;
    log.scrollTop = log.scrollHeight;
  }

  // tooLongShown: the notice is the over-long message's, which goes once
  // the text is short enough.
  var tooLongShown = false;
  function say(text) { notice.textContent = text; notice.hidden = !text; tooLongShown = false; }

  // The longest message the hotline takes (bot.max_text_len, told when a
  // conversation opens). The count shows as the text nears it; a longer
  // text stays in the box with the limit and its length, never cut.
  var maxLen = Number(localStorage.getItem("hotline.maxlen")) || 4000;
  var counter = document.getElementById("count");
  function runes(t) { return Array.from(t).length; }
  function count() {
    var n = runes(input.value);
    counter.textContent = T("composer.count", { n: n, max: maxLen });
    counter.hidden = n < maxLen * 0.8;
    counter.className = n > maxLen ? "over" : "";
  }
  function tooLong(n) { return T("notice.too_long", { n: n, max: maxLen }); }

  function api(method, path, body) {
    return fetch(base + path, {
      method: method,
      headers: body ? { "Content-Type": "application/json" } : {},
      body: body ? JSON.stringify(body) : undefined
    }).then(function (r) {
      return r.json().then(function (j) {
        if (!r.ok) { var e = new Error(j.error ? j.error.message : r.statusText); e.status = r.status; throw e; }
        return j;
      });
    });
  }

  function start() {
    log.innerHTML = ""; shown = {}; last = 0;
    return api("POST", "/api/conversations").then(function (j) {
      conv = j.conversation_id;
      localStorage.setItem("hotline.conversation", conv);
      localStorage.setItem("hotline.welcome", j.messages.length ? j.messages[0].text : "");
      if (j.max_text_len) { maxLen = j.max_text_len; localStorage.setItem("hotline.maxlen", String(maxLen)); count(); }
      j.messages.forEach(show);
      listen();
    });
  }

  function listen() {
    if (stream) stream.close();
    if (window.EventSource) {
      stream = new EventSource(base + "/api/events?conversation_id=" + conv + "&after=" + last);
      stream.addEventListener("message", function (e) { show(JSON.parse(e.data)); say(""); });
      stream.onerror = function () {
        if (stream.readyState === EventSource.CLOSED) { stream = null; poll(); }
      };
    } else {
      poll();
    }
  }

  function poll() {
    if (polling) return;
    polling = true;
    (function loop() {
      fetch(base + "/api/messages?conversation_id=" + conv + "&after=" + last)
        .then(function (r) {
          if (r.status === 404) { polling = false; return start(); }
          return r.json().then(function (j) { (j.messages || []).forEach(show); say(""); loop(); });
        })
        .catch(function () { say(T("notice.reconnecting")); setTimeout(loop, 3000); });
    })();
  }

  function send(text) {
    text = text.trim();
    if (!text) return;
    var clientId = Date.now().toString(36) + Math.random().toString(36).slice(2, 10);
    sendBtn.disabled = true;
    var attempt = function (n) {
      return api("POST", "/api/messages", { conversation_id: conv, text: text, client_id: clientId })
        .then(function (j) {
          show({ id: j.message_id, from: "citizen", text: text });
          j.replies.forEach(show);
          say("");
        })
        .catch(function (e) {
          if (e.status === 404) { return start().then(function () { return send(text); }); }
          if (e.status >= 400 && e.status < 500) {
            // Refused: the citizen's words go back into the box.
            if (!input.value) { input.value = text; count(); }
            say(e.message); return;
          }
          if (n < 3) { say(T("notice.retrying")); return new Promise(function (ok) { setTimeout(ok, 1500 * (n + 1)); }).then(function () { return attempt(n + 1); }); }
          say(T("notice.send_failed"));
          input.value = text;
        });
    };
    return attempt(0).finally(function () { sendBtn.disabled = false; input.focus(); });
  }

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var t = input.value, n = runes(t.trim());
    if (n > maxLen) { count(); say(tooLong(n)); tooLongShown = true; return; }
    input.value = ""; count();
    send(t);
  });
  input.addEventListener("input", function () {
    count();
    if (runes(input.value) <= maxLen && tooLongShown) say("");
  });
  input.addEventListener("keydown", function (e) {
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing) { e.preventDefault(); form.requestSubmit(); }
  });
  document.querySelectorAll(".quick button").forEach(function (b) {
    b.addEventListener("click", function () { send(b.dataset.text); });
  });
  document.getElementById("restart").addEventListener("click", function () {
    localStorage.removeItem("hotline.conversation"); start();
  });

  if (conv && /^[0-9a-f]{48}$/.test(conv)) {
    fetch(base + "/api/messages?conversation_id=" + conv + "&after=0&wait=0")
      .then(function (r) {
        if (!r.ok) return start();
        return r.json().then(function (j) {
          if (!j.messages.length) {
            // Opened but nothing written yet: the welcome again.
            show({ id: 0, from: "bot", text: localStorage.getItem("hotline.welcome") || "" });
          }
          j.messages.forEach(show);
          listen();
        });
      })
      .catch(function () { say(T("notice.offline")); });
  } else {
    start().catch(function () { say(T("notice.offline")); });
  }
})();
