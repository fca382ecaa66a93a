/* mkdocs-policy: the language switch keeps the reader's place (same release, same section). */
(function () {
  "use strict";
  function currentSection() {
    if (location.hash) return location.hash;
    var headings = document.querySelectorAll(".md-content h2[id], .md-content h3[id]");
    var found = "";
    for (var i = 0; i < headings.length; i++) {
      if (headings[i].closest(".policy-sbs-other")) continue; // side by side: the other language's column
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

/* mkdocs-policy: a dismissed upcoming-change banner stays dismissed on every page until a newer release
   (see the announce block of policy.html, which hides it on load). */
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    if (!(event.target.closest && event.target.closest(".md-banner__button"))) return;
    var holder = document.querySelector("[data-md-component=announce] [data-policy-doc]");
    var release = holder && holder.querySelector("[data-policy-version]");
    if (!release || typeof __md_get !== "function") return;
    try {
      var id = holder.getAttribute("data-policy-doc") + "@" + release.getAttribute("data-policy-version");
      var dismissed = (__md_get("__policy_announce") || []).filter(function (x) { return x !== id; });
      dismissed.push(id);
      __md_set("__policy_announce", dismissed.slice(-20));
    } catch (e) { /* storage unavailable: Material's own per-page dismissal still applies */ }
  });
})();

/* mkdocs-policy: the change history is split into pages; a link to `changes/#v<version>` made before the
   release moved to an older page leads to the page that shows it (render/changes.py pager_html). */
(function () {
  "use strict";
  var hash = location.hash.slice(1);
  if (!hash) return;
  var pager = document.querySelector(".policy-pager[data-policy-history]");
  if (!pager) return;
  try {
    if (document.getElementById(decodeURIComponent(hash))) return;
    var target = JSON.parse(pager.getAttribute("data-policy-history"))[decodeURIComponent(hash)];
    if (target) location.replace(target + "#" + hash);
  } catch (e) { /* a malformed anchor: stay on this page */ }
})();
