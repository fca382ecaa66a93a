/*! policy-notice.js — mkdocs-policy's drop-in notice: "our policy changed since you last read it".
 *
 *   <script src="https://example.com/policy/assets/policy-notice.js"
 *           data-policy-index="https://example.com/policy/api/privacy/releases.json" defer></script>
 *
 * Optional: data-policy-lang="ja" (default: the page's <html lang>), data-policy-target="#where" (a CSS
 * selector of the element to put the notice in; default: the top of <body>).
 *
 * What it does: reads releases.json (the URL given) and, for a returning visitor, the since file of the
 * version they last saw (api/<doc>/since/<version>.json, same origin as the index). A first visit only
 * remembers the version in force. When the policy changed since the version remembered (and the change
 * is more than editorial), it shows a notice in the page's language with links to the redline since that
 * version and to the text; dismissing it (button, Escape, or following a link) remembers the new version.
 *
 * No dependency, no cookie (localStorage only), no request to any origin but the index's. The notice is a
 * labelled region with a live status line (read out by screen readers) and a real button; style it with
 * the .policy-notice class.
 */
(function () {
  "use strict";

  // The words, per language: filled in from the gettext catalogs when the site is built.
  var STRINGS = /* @strings */ {};
  var FALLBACK = {
    region: "Policy update",
    changed: "%(title)s has changed since you last read it: version %(version)s, in force from %(date)s, replaces version %(old)s.",
    material: "The changes include a material change: please review them.",
    since: "What changed since version %(version)s",
    text: "Read the policy",
    dismiss: "Dismiss"
  };

  var script = document.currentScript;
  if (!script || !window.fetch || !window.URL) return;
  var given = script.getAttribute("data-policy-index");
  if (!given) return;
  var indexUrl = new URL(given, document.baseURI);
  var KEY = "policy-notice:" + indexUrl.href;

  function remembered() {
    try {
      var value = JSON.parse(window.localStorage.getItem(KEY) || "null");
      return value && typeof value.seen === "string" ? value.seen : null;
    } catch (e) {
      return null;
    }
  }

  function remember(version) {
    try {
      window.localStorage.setItem(KEY, JSON.stringify({ seen: version }));
    } catch (e) {
      /* storage refused (private mode): the notice simply is not remembered */
    }
  }

  // Only the index's origin is ever asked, and only http(s) links are ever shown.
  function local(url) {
    try {
      var resolved = new URL(url, indexUrl);
      return resolved.origin === indexUrl.origin ? resolved : null;
    } catch (e) {
      return null;
    }
  }

  function web(url) {
    try {
      var resolved = new URL(url, indexUrl);
      return resolved.protocol === "https:" || resolved.protocol === "http:" ? resolved.href : null;
    } catch (e) {
      return null;
    }
  }

  function getJSON(url) {
    return fetch(url.href, { credentials: "omit", cache: "no-cache", referrerPolicy: "no-referrer" }).then(function (response) {
      if (!response.ok) throw new Error(response.status + " " + url.href);
      return response.json();
    });
  }

  function fill(text, values) {
    return text.replace(/%\((\w+)\)s/g, function (whole, name) {
      return values[name] != null ? String(values[name]) : whole;
    });
  }

  function pick(available) {
    var wanted = (script.getAttribute("data-policy-lang") || document.documentElement.lang || "").toLowerCase();
    var i;
    for (i = 0; i < available.length; i++) if (available[i].toLowerCase() === wanted) return available[i];
    for (i = 0; i < available.length; i++) if (available[i].toLowerCase().split("-")[0] === wanted.split("-")[0]) return available[i];
    return available[0];
  }

  function longDate(iso, lang) {
    var parts = String(iso).split("-");
    try {
      var day = new Date(Date.UTC(+parts[0], +parts[1] - 1, +parts[2]));
      return new Intl.DateTimeFormat(lang, { year: "numeric", month: "long", day: "numeric", timeZone: "UTC" }).format(day);
    } catch (e) {
      return String(iso);
    }
  }

  function link(href, label, onFollow) {
    var a = document.createElement("a");
    a.href = href;
    a.textContent = label;
    a.addEventListener("click", onFollow);
    return a;
  }

  function show(since) {
    var lang = pick(Object.keys(since.languages));
    var text = since.languages[lang];
    var words = STRINGS[lang] || STRINGS[pick(Object.keys(STRINGS).concat(["en"]))] || FALLBACK;
    var last = since.releases[since.releases.length - 1];

    var box = document.createElement("div");
    box.className = "policy-notice";
    box.lang = lang;
    box.setAttribute("role", "region");
    box.setAttribute("aria-label", words.region);
    box.style.cssText =
      "box-sizing:border-box;margin:0;padding:.75em 1em;border:2px solid #1a4f8b;border-radius:4px;" +
      "background:#eef4fb;color:#111;font:inherit;line-height:1.5;display:flex;flex-wrap:wrap;gap:.5em 1em;align-items:center";

    function dismiss() {
      remember(since.current);
      document.removeEventListener("keydown", onKey, true);
      if (box.parentNode) box.parentNode.removeChild(box);
    }
    function onKey(event) {
      if ((event.key === "Escape" || event.key === "Esc") && box.contains(document.activeElement)) {
        event.preventDefault();
        dismiss();
      }
    }
    function followed() {
      remember(since.current); // they went to read it
    }

    var message = document.createElement("p");
    message.setAttribute("role", "status");
    message.style.cssText = "margin:0;flex:1 1 20em";
    box.appendChild(message);

    var links = document.createElement("p");
    links.className = "policy-notice-links";
    links.style.cssText = "margin:0";
    var redline = web(text.redline_url);
    var page = web(text.url);
    if (redline) links.appendChild(link(redline, fill(words.since, { version: since.since }), followed));
    if (redline && page) links.appendChild(document.createTextNode(" · "));
    if (page) links.appendChild(link(page, words.text, followed));
    box.appendChild(links);

    var button = document.createElement("button");
    button.type = "button";
    button.className = "policy-notice-dismiss";
    button.textContent = words.dismiss;
    button.style.cssText = "font:inherit;padding:.25em .75em;cursor:pointer";
    button.addEventListener("click", dismiss);
    box.appendChild(button);
    document.addEventListener("keydown", onKey, true);

    var target = null;
    var selector = script.getAttribute("data-policy-target");
    if (selector) {
      try {
        target = document.querySelector(selector);
      } catch (e) {
        target = null;
      }
    }
    if (target) target.appendChild(box);
    else document.body.insertBefore(box, document.body.firstChild);

    // Filled in after the region is in the page, so that screen readers announce the status line.
    window.setTimeout(function () {
      var line = fill(words.changed, {
        title: text.title,
        version: since.current,
        old: since.since,
        date: longDate(last ? last.effective : "", lang)
      });
      message.textContent = line;
      if (since.consent_required) {
        var strong = document.createElement("strong");
        strong.textContent = " " + words.material;
        message.appendChild(strong);
      }
    }, 50);
  }

  function run() {
    getJSON(indexUrl)
      .then(function (index) {
        var current = index && index.current;
        if (!current) return null;
        var seen = remembered();
        if (seen === null) {
          remember(current); // first visit: nothing to tell, only remember
          return null;
        }
        if (seen === current) return null;
        var entry = null;
        (index.releases || []).forEach(function (release) {
          if (release.version === seen) entry = release;
        });
        var sinceUrl = entry && entry.since ? local(entry.since) : null;
        if (!sinceUrl) {
          remember(current); // a version this index does not compare (newer, or unknown): start again from here
          return null;
        }
        return getJSON(sinceUrl).then(function (since) {
          if (!since || since.current !== current || !since.languages) return;
          if (since.change === "editorial") {
            remember(current); // wording only: nothing to tell
            return;
          }
          show(since);
        });
      })
      .catch(function () {
        /* offline or not published yet: try again on the next page */
      });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", run);
  else run();
})();
