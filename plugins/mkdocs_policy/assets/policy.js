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

  // Material fetches "sitemap.xml" beside every <link rel="alternate"> on DOMContentLoaded, assuming
  // each points at a language's root. Ours point at the same page in each language and at the feeds,
  // so every page view would make requests that can only 404 (console errors, wasted traffic). This
  // script runs before DOMContentLoaded: hide the links from that one query, and put them back right
  // after it (listeners run in the order they were added; Material's was added first).
  var alternates = document.querySelectorAll('link[rel="alternate"]');
  for (var i = 0; i < alternates.length; i++) alternates[i].setAttribute("rel", "policy-alternate");
  document.addEventListener("DOMContentLoaded", function () {
    for (var j = 0; j < alternates.length; j++) alternates[j].setAttribute("rel", "alternate");
  }, { once: true });
})();
