/* Material for MkDocs' first script (partials/javascripts/base.html, 9.8) as a file: the theme's
   storage helpers, scoped to the site's root. Loaded in <head> before the theme's bundle, which
   uses them. A file rather than an inline script, so that the site's Content-Security-Policy can
   allow the site's own files and no inline script at all. */
(function () {
  var scope = document.currentScript.getAttribute("data-md-scope");
  window.__md_scope = new URL(scope, location);
  window.__md_hash = function (value) {
    return Array.from(value).reduce(function (hash, character) {
      return (hash << 5) - hash + character.charCodeAt(0);
    }, 0);
  };
  window.__md_get = function (key, storage, base) {
    if (storage === undefined) storage = localStorage;
    if (base === undefined) base = window.__md_scope;
    return JSON.parse(storage.getItem(base.pathname + "." + key));
  };
  window.__md_set = function (key, value, storage, base) {
    if (storage === undefined) storage = localStorage;
    if (base === undefined) base = window.__md_scope;
    try {
      storage.setItem(base.pathname + "." + key, JSON.stringify(value));
    } catch (error) {
      /* storage full or not allowed: the theme works without it */
    }
  };
})();
