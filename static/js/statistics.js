// Draws the composition charts of /deputies/statistics/ from the JSON the page embeds; the tables
// under each chart carry the same figures for readers without scripts.
(function () {
  "use strict";
  var source = document.getElementById("composition-data");
  if (!source || typeof Chart === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  var palette = ["#b3121b", "#e5a13a", "#2f6f9f", "#3d8b5a", "#8d5fa8", "#c2572f", "#5a6e7f", "#d4b13f", "#4aa3a3", "#9c2f5a", "#777"];
  Object.keys(data).forEach(function (field) {
    var canvas = document.getElementById("chart-" + field);
    if (!canvas) { return; }
    var spec = data[field];
    var isPie = spec.kind === "pie";
    new Chart(canvas, {
      type: isPie ? "doughnut" : "bar",
      data: {
        labels: spec.labels,
        datasets: [{ data: spec.values, backgroundColor: isPie ? palette : palette[0] }]
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        indexAxis: isPie ? undefined : "y",
        plugins: { legend: { display: isPie, position: "bottom" } },
        animation: false
      }
    });
  });
})();
