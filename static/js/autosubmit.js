// A <select data-autosubmit> sends its form when it changes (instead of an inline onchange handler,
// which the Content-Security-Policy forbids).
(function () {
  "use strict";
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });
})();
