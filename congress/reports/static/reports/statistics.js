// Draws the statistics dashboard's charts from the JSON the page embeds; the table under each chart
// carries the same figures (and the export links) for readers without scripts.
(function () {
  "use strict";
  var source = document.getElementById("statistics-data");
  if (!source || typeof Chart === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  var palette = ["#9b1c1c", "#9ca3af", "#1f4e79", "#b45309"];
  Object.keys(data).forEach(function (key) {
    var canvas = document.getElementById("chart-" + key);
    if (!canvas) { return; }
    var spec = data[key];
    new Chart(canvas, {
      type: "bar",
      data: {
        labels: spec.labels,
        datasets: spec.series.map(function (series, index) {
          return { label: series.label, data: series.values, backgroundColor: palette[index % palette.length] };
        })
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        indexAxis: key === "month" || key === "district" ? "x" : "y",
        plugins: { legend: { display: spec.series.length > 1, position: "bottom" } },
        animation: false
      }
    });
  });
})();
