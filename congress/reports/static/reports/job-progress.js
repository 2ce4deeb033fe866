// Polls a job the worker is building (a zip of posters) and shows how far it has come; once it is
// ready, shows the download link and stops.
(function () {
  "use strict";
  var root = document.querySelector("[data-job-status]");
  if (!root) { return; }
  var url = root.getAttribute("data-job-status");
  var bar = document.getElementById("job-bar");
  var percent = document.getElementById("job-percent");
  function poll() {
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.json();
      })
      .then(function (state) {
        bar.value = state.percent;
        bar.textContent = state.percent + "%";
        percent.textContent = state.percent + "% (" + state.done + "/" + state.total + ")";
        if (state.ready) {
          document.getElementById("job-download").href = state.download;
          document.getElementById("job-done").hidden = false;
          return;
        }
        window.setTimeout(poll, 2000);
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 1000);
})();
