/* Progressive enhancement for the postcode finder: the form works without it. */
(function () {
  "use strict";

  var summary = document.querySelector("[data-error-summary]");
  if (!summary) {
    return;
  }
  // Move focus to the summary, so that keyboard and screen reader users
  // hear what went wrong first.
  summary.focus();

  // A link to a field focuses the field itself, not only scrolls to it.
  summary.addEventListener("click", function (event) {
    var link = event.target.closest("a[href^='#']");
    var field = link && document.getElementById(link.getAttribute("href").slice(1));
    if (!field) {
      return;
    }
    event.preventDefault();
    var label = document.querySelector("label[for='" + field.id + "']");
    (label || field).scrollIntoView();
    field.focus({ preventScroll: true });
  });
})();
