// The ballot paper counts the ticked boxes (chosen n / seats) and, once the limit is reached,
// disables the unticked boxes so an extra tick cannot be made. The server still refuses a paper
// with too many marks; this only spares the deputy the round trip.
(function () {
  "use strict";
  document.querySelectorAll("form[data-ballot-seats]").forEach(function (form) {
    var seats = parseInt(form.getAttribute("data-ballot-seats"), 10);
    var boxes = Array.prototype.slice.call(form.querySelectorAll("input[data-ballot-choice]"));
    var counter = form.querySelector("[data-ballot-chosen]");
    var full = form.querySelector("[data-ballot-full]");
    function update() {
      var chosen = boxes.filter(function (box) { return box.checked; }).length;
      if (counter) { counter.textContent = String(chosen); }
      var atLimit = chosen >= seats;
      boxes.forEach(function (box) { box.disabled = atLimit && !box.checked; });
      if (full) { full.hidden = !atLimit; }
    }
    boxes.forEach(function (box) { box.addEventListener("change", update); });
    update();
  });
})();
