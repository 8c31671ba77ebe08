// Behaviour that templates declare with data-* attributes: the Content-Security-Policy allows no inline
// script and no inline event handler (docs/security.md). Delegated, so content swapped in by htmx works too.
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    var el = event.target;
    if (el.matches && el.matches("[data-autosubmit]") && el.form) el.form.submit();
  });
  document.addEventListener("click", function (event) {
    var el = event.target.closest && event.target.closest("[data-print]");
    if (el) {
      event.preventDefault();
      window.print();
    }
  });
})();
