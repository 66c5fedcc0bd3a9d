/* Progressive enhancement for forms (the pages work without it):
   - a page that comes back with an error summary moves focus to it, so a screen reader
     reads the problems first and a phone scrolls to them;
   - a summary link opens a closed <details> around its field before focusing it. */
(function () {
  "use strict";
  function openAround(el) {
    for (var node = el; node; node = node.parentElement) {
      if (node.tagName === "DETAILS") { node.open = true; }
    }
  }
  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.querySelector("[data-error-summary]");
    if (!summary) { return; }
    summary.focus();
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      if (!link) { return; }
      var target = document.getElementById(link.getAttribute("href").slice(1));
      if (!target) { return; }
      event.preventDefault();
      openAround(target);
      target.scrollIntoView({ block: "center" });
      target.focus();
    });
  });
})();
