// One small progress indicator for every wait: a form marked data-busy (or any form on a page whose
// body has the class busy-forms, such as the admin's import and export pages) and a link marked
// data-busy (a download) show a bar with an indeterminate progress and a short text while the
// server works. The text is the element's data-busy value, else the script tag's data-busy-text.
(function () {
  "use strict";
  var script = document.currentScript;
  var fallback = (script && script.getAttribute("data-busy-text")) || "…";
  var box = null;
  var timer = null;

  function show(text, forLink) {
    if (!box) {
      box = document.createElement("div");
      box.className = "busy";
      box.setAttribute("role", "status");
      box.setAttribute("aria-live", "polite");
      box.appendChild(document.createElement("progress"));
      box.appendChild(document.createElement("span"));
      document.body.appendChild(box);
    }
    box.lastChild.textContent = text || fallback;
    box.hidden = false;
    document.body.setAttribute("aria-busy", "true");
    window.clearTimeout(timer);
    // A download leaves the page where it is: the bar goes once the file has had time to start.
    if (forLink) { timer = window.setTimeout(hide, 8000); }
  }

  function hide() {
    if (box) { box.hidden = true; }
    document.body.removeAttribute("aria-busy");
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (event.defaultPrevented || !(form instanceof HTMLFormElement)) { return; }
    if (form.hasAttribute("data-busy") || document.body.classList.contains("busy-forms")) {
      show(form.getAttribute("data-busy"), false);
    }
  });
  document.addEventListener("click", function (event) {
    var link = event.target instanceof Element ? event.target.closest("a[data-busy]") : null;
    if (link && !event.defaultPrevented && event.button === 0) { show(link.getAttribute("data-busy"), true); }
  });
  // Back from the browser's cache: nothing is running any more.
  window.addEventListener("pageshow", hide);
})();
