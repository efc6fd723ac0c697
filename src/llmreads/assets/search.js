// llmreads search: the header search box over the Pagefind index in pagefind/ at the site root.
// Pagefind's code and index load only when the reader starts searching; a query then fetches only
// the index chunks and result fragments it needs. Also shared with the all-entries page (llmreads.js).
(function () {
  "use strict";
  var root = new URL("..", document.currentScript.src);  // this file is <root>/assets/search.js
  var SHOWN = 20;
  var loading = null;

  function engine() {
    if (!loading) {
      loading = import(new URL("pagefind/pagefind.js", root).href).then(function (pagefind) {
        return pagefind.options({ baseUrl: root.pathname, highlightParam: "h", excerptLength: 24 })
          .then(function () { return pagefind.init(); })
          .then(function () { return pagefind; });
      });
    }
    return loading;
  }
  window.llmreadsSearch = engine;

  function text(tag, cls, value) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (value) { node.textContent = value; }
    return node;
  }

  // Pagefind's excerpt is HTML with <mark> around matches: keep the marks, take everything else as text.
  function excerpt(html) {
    var p = document.createElement("p");
    var template = document.createElement("template");
    template.innerHTML = html;
    template.content.childNodes.forEach(function (node) {
      p.appendChild(node.nodeName === "MARK" ? text("mark", "", node.textContent)
        : document.createTextNode(node.textContent));
    });
    return p;
  }

  function facts(data) {
    var f = data.filters || {}, m = data.meta || {};
    return [m.authors, (f.year || [])[0], (f.kind || [])[0], (f.level || [])[0], (f.topic || []).join(", ")]
      .filter(Boolean).join(" · ");
  }

  function item(data) {
    var li = text("li", "md-search-result__item");
    var link = text("a", "md-search-result__link");
    link.href = data.url;
    var article = text("article", "md-search-result__article md-typeset");
    article.appendChild(text("h1", "", (data.meta && data.meta.title) || data.url));
    var line = facts(data);
    if (line) { article.appendChild(text("p", "lr-search__facts", line)); }
    article.appendChild(excerpt(data.excerpt || ""));
    link.appendChild(article);
    li.appendChild(link);
    return li;
  }

  function setup(box) {
    var toggle = document.getElementById("__search");
    var input = box.querySelector("input[name=query]");
    var meta = box.querySelector(".md-search-result__meta");
    var list = box.querySelector(".md-search-result__list");
    var placeholder = meta.textContent, asked = 0;
    function open() {
      if (!toggle.checked) { toggle.checked = true; }
      engine().catch(function () { meta.textContent = "Search is not available here."; });
    }
    function close() { toggle.checked = false; input.blur(); }
    function count(n) {
      return n === 0 ? meta.dataset.none : n === 1 ? meta.dataset.one : meta.dataset.other.replace("#", n);
    }
    function run() {
      var query = input.value.trim(), ticket = ++asked;
      if (!query) { list.replaceChildren(); meta.textContent = placeholder; return; }
      engine().then(function (pagefind) { return pagefind.search(query); }).then(function (found) {
        if (ticket !== asked || !found) { return null; }
        return Promise.all(found.results.slice(0, SHOWN).map(function (r) { return r.data(); }))
          .then(function (all) {
            if (ticket !== asked) { return; }
            meta.textContent = count(found.results.length);
            list.replaceChildren.apply(list, all.map(item));
          });
      }).catch(function () { meta.textContent = "Search is not available here."; });
    }
    function links() { return Array.prototype.slice.call(list.querySelectorAll("a")); }
    input.addEventListener("focus", open);
    input.addEventListener("input", run);
    toggle.addEventListener("change", function () { if (toggle.checked) { input.focus(); } });
    box.querySelector("form").addEventListener("reset", function () {
      setTimeout(function () { run(); input.focus(); });
    });
    box.querySelector("form").addEventListener("submit", function (event) {
      event.preventDefault();
      var first = links()[0];
      if (first) { first.click(); }
    });
    document.addEventListener("keydown", function (event) {
      var target = event.target, editing = target instanceof HTMLElement &&
        (target.isContentEditable || /^(INPUT|SELECT|TEXTAREA)$/.test(target.tagName));
      if (event.ctrlKey || event.metaKey || event.altKey) { return; }
      if (toggle.checked && event.key === "Escape") { event.preventDefault(); close(); return; }
      if (toggle.checked && (event.key === "ArrowDown" || event.key === "ArrowUp") && box.contains(target)) {
        var all = links(), at = all.indexOf(target);
        var next = event.key === "ArrowDown" ? at + 1 : (at < 0 ? all.length : at) - 1;
        event.preventDefault();
        if (next < 0) { input.focus(); } else if (all[next]) { all[next].focus(); }
        return;
      }
      if (!editing && !toggle.checked && (event.key === "/" || event.key === "s" || event.key === "f")) {
        event.preventDefault();
        open();
        input.focus();
        input.select();
      }
    });
  }

  // On the page a result leads to, mark the words searched for (?h=...).
  function highlight() {
    if (!new URLSearchParams(window.location.search).has("h")) { return; }
    import(new URL("pagefind/pagefind-highlight.js", root).href).then(function (module) {
      var Highlight = module.default || window.PagefindHighlight;
      if (Highlight) { new Highlight({ highlightParam: "h", markContext: "[data-pagefind-body]", addStyles: false }); }
    }).catch(function () { /* the page reads fine without marks */ });
  }

  function start() {
    var box = document.querySelector("[data-lr-search]");
    if (box && !box.dataset.ready) { box.dataset.ready = "1"; setup(box); }
    highlight();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
