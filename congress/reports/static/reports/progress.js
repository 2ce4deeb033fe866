// Polls a report's status while it is generated and shows the progress; stops once it is ready or
// has failed, and then shows the download links.
(function () {
  "use strict";
  var root = document.querySelector("[data-status-url]");
  if (!root) { return; }
  var url = root.getAttribute("data-status-url");
  var bar = document.getElementById("report-bar");
  function poll() {
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (state) {
        bar.value = state.progress;
        document.getElementById("report-percent").textContent = state.progress + "%";
        document.getElementById("report-status").textContent = state.status_display;
        document.getElementById("report-step").textContent = state.step;
        document.getElementById("report-wait").textContent = state.wait || "";
        if (state.status === "done") {
          document.getElementById("report-file").href = state.file;
          document.getElementById("report-figures").href = state.figures;
          document.getElementById("report-links").hidden = false;
          return;
        }
        if (state.status === "failed") { window.location.reload(); return; }
        window.setTimeout(poll, 1500);
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  if (root.querySelector("#report-links").hidden) { window.setTimeout(poll, 1000); }
})();
