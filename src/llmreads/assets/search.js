// llmreads search: the header search box over the Pagefind index in pagefind/ at the site root.
// Pagefind's code and index load only when the reader starts searching (the box gets focus); a query
// then fetches only the index chunks it needs, and a fragment for each result shown: the first SHOWN,
// then more as the list scrolls. Also shared with the all-entries page (llmreads.js).
(function () {
  "use strict";
  var root = new URL("..", document.currentScript.src);  // this file is <root>/assets/search.js
  var SHOWN = 10;
  var SHORT_PAUSE = 300;  // ms without typing before searching a query that ends in a one- or two-letter word
  var QUICK = 100;  // ms: keys closer than this are one burst of typing, searched once it stops
  var EVERY_ENTRY = /\s*llmreadsentry\b/;  // the word each entry page ends with (theme/main.html)
  var loading = null;

  // A large site's index is in parts (llmreads.search): pagefind/ and the folders pagefind/parts.json lists,
  // merged into one search.
  function engine() {
    if (!loading) {
      var options = { baseUrl: root.pathname, highlightParam: "h", excerptLength: 24 };
      var parts = fetch(new URL("pagefind/parts.json", root).href)
        .then(function (answer) { return answer.ok ? answer.json() : []; }, function () { return []; });
      loading = import(new URL("pagefind/pagefind.js", root).href).then(function (pagefind) {
        return pagefind.options(options)
          .then(function () { return pagefind.init(); })
          .then(function () { return parts; })
          .then(function (folders) {
            return Promise.all(folders.map(function (folder) {
              return pagefind.mergeIndex(new URL("pagefind/" + folder, root).pathname, options);
            }));
          })
          .then(function () { return pagefind; });
      });
    }
    return loading;
  }
  window.llmreadsSearch = engine;

  // Run one search at a time, always the newest: a query typed while another runs waits for it, and
  // the queries typed in between are never run (their index chunks are never fetched).
  function latest(search, show) {
    var running = false, waiting = null;
    function go(query) {
      running = true;
      search(query).then(function (found) {
        running = false;
        if (waiting !== null) { var next = waiting; waiting = null; go(next); } else { show(found); }
      }, function (error) { running = false; waiting = null; show(null, error); });
    }
    return function (query) { if (running) { waiting = query; } else { go(query); } };
  }
  window.llmreadsLatest = latest;

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
        : document.createTextNode(node.textContent.replace(EVERY_ENTRY, "")));
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
    var scroller = box.querySelector(".md-search__scrollwrap");
    var placeholder = meta.textContent, found = [], shown = 0, filling = null, asked = 0;
    function fail() { meta.textContent = "Search is not available here."; }
    function open() {
      if (!toggle.checked) { toggle.checked = true; }
      engine().catch(fail);
    }
    function close() { toggle.checked = false; input.blur(); }
    function count(n) {
      return n === 0 ? meta.dataset.none : n === 1 ? meta.dataset.one : meta.dataset.other.replace("#", n);
    }
    // Show the next SHOWN results: one fragment each, fetched together, added in rank order.
    function more(ticket) {
      if (filling || shown >= found.length) { return; }
      var batch = found.slice(shown, shown + SHOWN), first = shown === 0;
      shown += batch.length;
      var done = filling = Promise.all(batch.map(function (r) { return r.data(); })).then(function (all) {
        if (filling === done) { filling = null; }
        if (ticket !== asked) { return; }
        if (first) { list.replaceChildren(); meta.textContent = count(found.length); }
        all.forEach(function (data) { list.appendChild(item(data)); });
        nearEnd();
      }, function () { if (filling === done) { filling = null; } fail(); });
    }
    // More results when the list is scrolled (or arrowed) near its end, or does not fill the dialog.
    function nearEnd() {
      if (scroller.clientHeight && scroller.scrollTop + scroller.clientHeight >= scroller.scrollHeight - 200) { more(asked); }
    }
    var ask = latest(function (query) {
      return engine().then(function (pagefind) { return pagefind.search(query); })
        .then(function (answer) { return { query: query, results: answer ? answer.results : [] }; });
    }, function (answer, error) {
      if (error) { fail(); return; }
      if (input.value.trim() !== answer.query) { return; }  // cleared or changed meanwhile
      found = answer.results;
      if (!found.length) { ++asked; list.replaceChildren(); meta.textContent = count(0); return; }
      shown = 0;
      filling = null;
      more(++asked);
    });
    var pause = null, typed = 0;
    function run() {
      var query = input.value.trim(), now = Date.now(), quick = now - typed < QUICK;
      typed = now;
      clearTimeout(pause);
      if (!query) { ++asked; found = []; list.replaceChildren(); meta.textContent = placeholder; return; }
      // A search cannot be stopped once started, and the next one waits for it. A last word of one or two
      // letters matches, as a prefix, most of a large index (4 s for "sp" at 20,000 entries): wait until
      // the typing pauses. Keys coming quicker than QUICK apart (or a paste): wait that long for the next.
      var wait = /(^|\s)\S{1,2}$/.test(query) ? SHORT_PAUSE : quick ? QUICK : 0;
      if (wait) { pause = setTimeout(function () { ask(query); }, wait); } else { ask(query); }
    }
    function links() { return Array.prototype.slice.call(list.querySelectorAll("a")); }
    input.addEventListener("focus", open);
    input.addEventListener("input", run);
    scroller.addEventListener("scroll", nearEnd, { passive: true });
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
