/* mkdocs-policy: the language switch keeps the reader's place (same release, same section). */
(function () {
  "use strict";
  function currentSection() {
    if (location.hash) return location.hash;
    var headings = document.querySelectorAll(".md-content h2[id], .md-content h3[id]");
    var found = "";
    for (var i = 0; i < headings.length; i++) {
      if (headings[i].getBoundingClientRect().top < 96) found = "#" + headings[i].id;
      else break;
    }
    return found;
  }
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a.md-select__link[hreflang], a.policy-relative[hreflang]");
    if (!link) return;
    var hash = currentSection();
    if (hash) link.href = link.href.split("#")[0] + hash;
  }, true);
})();
