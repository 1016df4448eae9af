// The site's editions (versions.json, published by mike on the gh-pages branch): on an edition that
// is not the newest, the theme's notice leads to this same page in the newest edition when that
// edition has it (else to its front page); and the version selector shows when each edition was
// published. Only in versioned builds (the theme's config has "version"); runs from its own file,
// no inline script.
(function () {
  "use strict";

  var configElement = document.getElementById("__config");
  if (!configElement) return;
  var config;
  try {
    config = JSON.parse(configElement.textContent);
  } catch (error) {
    return;
  }
  if (!config || !config.version) return;

  var versionRoot = new URL(String(config.base || ".").replace(/\/?$/, "/"), window.location.href);
  var siteRoot = new URL("../", versionRoot);
  var current = decodeURIComponent(versionRoot.pathname.replace(/\/$/, "").split("/").pop() || "");
  var here = window.location.pathname.indexOf(versionRoot.pathname) === 0
    ? window.location.pathname.slice(versionRoot.pathname.length) : "";
  var defaultAlias = config.version["default"] || "uusin";

  function finnishDate(iso) {
    var parts = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || "");
    return parts ? Number(parts[3]) + "." + Number(parts[2]) + "." + parts[1] : "";
  }

  function published(version) {
    return finnishDate(version && version.properties && version.properties["julkaistu"]);
  }

  // The selector is made by the theme once it has read versions.json: add the dates when it appears.
  function showDates(versions) {
    function addDates() {
      var links = document.querySelectorAll(".md-version__link");
      if (!links.length) return false;
      links.forEach(function (link) {
        if (link.querySelector(".tk-julkaistu")) return;
        var title = link.childNodes.length ? String(link.childNodes[0].textContent).trim() : "";
        var version = versions.filter(function (v) { return v.title === title || v.version === title; })[0];
        var day = published(version);
        if (!day) return;
        var note = document.createElement("span");
        note.className = "tk-julkaistu";
        note.textContent = "julkaistu " + day;
        link.appendChild(note);
      });
      return true;
    }
    if (addDates()) return;
    var observer = new MutationObserver(function () {
      if (addDates()) observer.disconnect();
    });
    observer.observe(document.body, { childList: true, subtree: true });
  }

  function pointToNewest(versions) {
    var newest = versions.filter(function (v) { return (v.aliases || []).indexOf(defaultAlias) >= 0; })[0];
    var link = document.querySelector("[data-md-component=outdated] a");
    if (!newest || !link || newest.version === current) return;
    var samePage = new URL(encodeURIComponent(newest.version) + "/" + here, siteRoot);
    fetch(samePage.href, { method: "HEAD", credentials: "same-origin" }).then(function (response) {
      if (!response.ok) return;
      link.href = samePage.href;
      link.textContent = "Avaa tämä sivu uusimmassa painoksessa (" + (newest.title || newest.version) + ")";
    }).catch(function () { /* the link to the newest edition's front page stays */ });
  }

  fetch(new URL("versions.json", siteRoot).href, { credentials: "same-origin" })
    .then(function (response) { return response.ok ? response.json() : []; })
    .then(function (versions) {
      if (!Array.isArray(versions)) return;
      showDates(versions);
      pointToNewest(versions);
    })
    .catch(function () { /* no versions.json: nothing to add */ });
})();
