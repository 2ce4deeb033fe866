// A long list of checkboxes (the deputies present at a reception) made usable on a phone: a search
// box above it; while the box is empty only the ticked entries show, typing shows every entry whose
// name contains the text. Without scripts the whole list shows. No inline code (CSP).
(function () {
  "use strict";

  function enhance(box) {
    var items = Array.prototype.slice.call(box.querySelectorAll(".picker-items > li"));
    var entries = items.filter(function (li) { return li.querySelector("input[type=checkbox]"); });
    if (!entries.length) { return; }
    var input = document.createElement("input");
    var status = document.createElement("p");
    input.type = "search";
    input.className = "checklist-search";
    input.autocomplete = "off";
    input.placeholder = box.getAttribute("data-checklist-filter") || "";
    input.setAttribute("aria-label", input.placeholder);
    status.className = "help checklist-status";
    status.setAttribute("aria-live", "polite");
    var list = box.querySelector(".picker-items");
    list.parentNode.insertBefore(input, list);
    list.parentNode.insertBefore(status, list);

    function name(li) {
      var span = li.querySelector(".picker-name");
      return (span ? span.textContent : li.textContent).replace(/\s+/g, "");
    }

    function draw() {
      var text = input.value.replace(/\s+/g, "");
      var chosen = 0;
      var shown = 0;
      entries.forEach(function (li) {
        var ticked = li.querySelector("input[type=checkbox]").checked;
        if (ticked) { chosen += 1; }
        var show = text ? name(li).indexOf(text) !== -1 : ticked;
        li.hidden = !show;
        if (show) { shown += 1; }
      });
      var message = (box.getAttribute("data-checklist-count") || "").replace("{n}", String(chosen));
      if (text && !shown) { message = box.getAttribute("data-checklist-none") || ""; }
      status.textContent = message;
    }

    input.addEventListener("input", draw);
    // Enter in the search box must not send the form half-filled.
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") { event.preventDefault(); }
    });
    // Ticking or unticking updates the count; the entry stays in view until the search changes,
    // so a slip can be undone.
    box.addEventListener("change", function () {
      var chosen = entries.filter(function (li) { return li.querySelector("input").checked; }).length;
      status.textContent = (box.getAttribute("data-checklist-count") || "").replace("{n}", String(chosen));
    });
    draw();
  }

  document.querySelectorAll("[data-checklist-filter]").forEach(enhance);
})();
