// The console's login form: posts the credentials as JSON and goes on to
// the page the user asked for. Its words are filled in on the server
// (console_texts: login.*).
(function () {
  "use strict";
  var form = document.getElementById("login-form");
  var err = document.getElementById("login-error");
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    err.hidden = true;
    fetch("/desk/api/login", {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ name: document.getElementById("name").value, password: document.getElementById("password").value })
    }).then(function (r) {
      return r.json().then(function (j) {
        if (!r.ok) throw new Error(j.error ? j.error.message : form.dataset.failed);
        var next = new URLSearchParams(location.search).get("next") || "/desk/";
        if (!/^\/desk\//.test(next)) next = "/desk/";
        location.href = next;
      });
    }).catch(function (e) { err.textContent = e.message; err.hidden = false; });
  });
})();
