// Staff sessions end after a while without activity (congress/session_policy.py). This script counts
// the same time in the page: shortly before the end it shows a notice with a button that keeps the
// session (a request to the server counts as activity); at the end it opens the login page. Its
// settings are the script tag's data attributes; no inline handler (Content-Security-Policy).
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script) return;
  var timeout = parseInt(script.getAttribute("data-timeout"), 10) || 0;
  var warning = parseInt(script.getAttribute("data-warning"), 10) || 0;
  var keepAliveUrl = script.getAttribute("data-keep-alive-url");
  var loginUrl = script.getAttribute("data-login-url");
  var text = script.getAttribute("data-text") || "";
  var button = script.getAttribute("data-button") || "OK";
  if (!timeout) return;
  var box = null;
  var warnTimer = null;
  var endTimer = null;

  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  function hide() {
    if (box) {
      box.remove();
      box = null;
    }
  }

  function show() {
    if (box) return;
    box = document.createElement("div");
    box.className = "idle-warning";
    box.setAttribute("role", "alertdialog");
    box.setAttribute("aria-live", "assertive");
    var message = document.createElement("p");
    message.textContent = text;
    var keep = document.createElement("button");
    keep.type = "button";
    keep.textContent = button;
    keep.addEventListener("click", function () {
      fetch(keepAliveUrl, {
        method: "POST",
        credentials: "same-origin",
        headers: { "X-CSRFToken": csrfToken() },
      }).then(function (response) {
        if (response.ok) {
          hide();
          start();
        } else {
          window.location.href = loginUrl;
        }
      });
    });
    box.appendChild(message);
    box.appendChild(keep);
    document.body.appendChild(box);
    keep.focus();
  }

  function start() {
    clearTimeout(warnTimer);
    clearTimeout(endTimer);
    warnTimer = setTimeout(show, Math.max(timeout - warning, 0) * 1000);
    endTimer = setTimeout(function () {
      window.location.href = loginUrl + "?next=" + encodeURIComponent(window.location.pathname);
    }, timeout * 1000 + 1000);
  }

  start();
})();
