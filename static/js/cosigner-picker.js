// The co-signer picker: a <select multiple data-cosigner-search="URL"> (which lists every candidate
// and works without scripts) becomes a search box. Typing asks the server for at most 20 matches
// by name, delegation or work unit; picking one selects it in the hidden select, which the form
// still submits; each chosen deputy shows as a chip with a remove button. No inline code (CSP).
// Whatever is left in the search box is posted as "<name>_typed": the server refuses a name that
// was typed but never chosen rather than filing the suggestion without that co-signer.
(function () {
  "use strict";

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text) { node.textContent = text; }
    return node;
  }

  function enhance(select) {
    var url = select.getAttribute("data-cosigner-search");
    var wrap = el("div", "cosigner-picker");
    var chosen = el("ul", "cosigner-chosen");
    var input = el("input", "cosigner-input");
    var list = el("ul", "cosigner-results");
    var listId = (select.id || "cosigners") + "-results";
    input.type = "search";
    input.name = select.name + "_typed";
    input.value = select.getAttribute("data-typed") || "";
    input.autocomplete = "off";
    input.placeholder = select.getAttribute("data-placeholder") || "";
    input.setAttribute("aria-label", input.placeholder);
    input.setAttribute("aria-controls", listId);
    list.id = listId;
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-live", "polite");
    wrap.appendChild(chosen);
    wrap.appendChild(input);
    wrap.appendChild(list);
    select.hidden = true;
    select.setAttribute("aria-hidden", "true");
    select.parentNode.insertBefore(wrap, select.nextSibling);
    var label = document.querySelector('label[for="' + select.id + '"]');
    if (label) { label.htmlFor = ""; label.addEventListener("click", function () { input.focus(); }); }

    function option(id) {
      for (var i = 0; i < select.options.length; i++) {
        if (select.options[i].value === String(id)) { return select.options[i]; }
      }
      return null;
    }

    function drawChosen() {
      chosen.textContent = "";
      Array.prototype.forEach.call(select.selectedOptions, function (opt) {
        var item = el("li", "cosigner-chip", opt.textContent + " ");
        var remove = el("button", "link", "×");
        remove.type = "button";
        remove.setAttribute("aria-label", (select.getAttribute("data-remove") || "") + " " + opt.textContent);
        remove.addEventListener("click", function () { opt.selected = false; drawChosen(); input.focus(); });
        item.appendChild(remove);
        chosen.appendChild(item);
      });
    }

    function pick(row) {
      var opt = option(row.id);
      if (!opt) { opt = new Option(row.name, row.id); select.appendChild(opt); }
      opt.selected = true;
      input.value = "";
      list.textContent = "";
      drawChosen();
      input.focus();
    }

    function show(rows) {
      list.textContent = "";
      if (!rows.length) { list.appendChild(el("li", "muted", select.getAttribute("data-empty") || "")); return; }
      rows.forEach(function (row) {
        // The whole row (name and details) is one button, so a tap anywhere on it picks the deputy.
        var item = el("li");
        var button = el("button", "cosigner-row");
        button.type = "button";
        button.setAttribute("role", "option");
        button.appendChild(el("strong", "", row.name));
        var detail = [row.delegation, row.work_unit].filter(Boolean).join(" · ");
        if (detail) { button.appendChild(el("span", "muted", " " + detail)); }
        button.addEventListener("click", function () { pick(row); });
        item.appendChild(button);
        list.appendChild(item);
      });
    }

    var timer = null;
    var asked = 0;
    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      var query = input.value.trim();
      if (!query) { list.textContent = ""; return; }
      timer = window.setTimeout(function () {
        var ask = ++asked;
        fetch(url + "?q=" + encodeURIComponent(query), { credentials: "same-origin", headers: { Accept: "application/json" } })
          .then(function (response) { return response.ok ? response.json() : { results: [] }; })
          .then(function (data) { if (ask === asked) { show(data.results || []); } })
          .catch(function () { /* the search is a convenience: the form still submits what is chosen */ });
      }, 200);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {  // pick the first match instead of submitting the form
        var first = list.querySelector("button");
        event.preventDefault();
        if (first) { first.click(); }
      }
    });
    drawChosen();
  }

  document.querySelectorAll("select[data-cosigner-search]").forEach(enhance);
})();
