// llmreads search: the header search box over the Pagefind index in pagefind/ at the site root.
// Pagefind's code and index load only when the reader starts searching (the box gets focus); a query
// then fetches only the index chunks it needs, and a fragment for each result shown: the first SHOWN,
// then more as the list scrolls. Also shared with the all-entries page (llmreads.js).
(function () {
  "use strict";
  var root = new URL("..", document.currentScript.src);  // this file is <root>/assets/search.js
  var SHOWN = 10;
  var SHORT_PAUSE = 300;  // ms without typing before searching a query that ends in a one- or two-letter word
  var QUICK = 50;  // ms: keys closer than this are one burst of typing, searched once it stops
  var EVERY_ENTRY = /\s*llmreadsentry\b/;  // the word each entry page ends with (theme/main.html)
  var loading = null;

  // The search engine: Pagefind in a worker of ours (assets/search-worker.js), started at most once.
  // search(query, filters) answers {count, take(from, to)}: the results shown are fetched as asked for.
  function engine() {
    if (!loading) { loading = connect(); }
    return loading;
  }

  function connect() {
    var options = { baseUrl: root.pathname, highlightParam: "h", excerptLength: 24 };
    var script = new URL("assets/search-worker.js", root).href, pending = new Map(), serial = 0, channel;
    function answer(reply) {
      var waiting = pending.get(reply.id);
      pending.delete(reply.id);
      if (waiting && "error" in reply) { waiting.reject(new Error(reply.error)); } else if (waiting) { waiting.resolve(reply.result); }
    }
    function post(message) {
      channel.then(function (send) { send(message); }, function (error) { answer({ id: message.id, error: String(error) }); });
    }
    function ask(message) {
      message.id = ++serial;
      return new Promise(function (resolve, reject) {
        pending.set(message.id, { resolve: resolve, reject: reject, message: message });
        post(message);
      });
    }
    // Without module workers, or if the worker fails, the same code runs on the page (the unanswered asked again).
    function onPage() {
      channel = import(script).then(function (module) {
        return function (message) {
          module.handle(message).then(function (result) { answer({ id: message.id, result: result }); },
            function (error) { answer({ id: message.id, error: String(error && error.message || error) }); });
        };
      });
      post({ id: 0, op: "start", options: options });  // once more if the worker had started
      pending.forEach(function (waiting) { post(waiting.message); });
    }
    try {
      var worker = new Worker(script, { type: "module" });
      channel = Promise.resolve(function (message) { worker.postMessage(message); });
      worker.addEventListener("message", function (event) { answer(event.data); });
      worker.addEventListener("error", function (event) { event.preventDefault(); worker.terminate(); onPage(); });
    } catch (error) {
      onPage();
    }
    return ask({ op: "start", options: options }).then(function () {
      return {
        preload: function (query, filters) { return ask({ op: "preload", query: query, filters: filters }); },
        search: function (query, filters) {
          var message = { op: "search", query: query, filters: filters };
          return ask(message).then(function (found) {
            return { count: found.count, take: function (from, to) {
              return ask({ op: "take", answer: message.id, from: from, to: to });
            } };
          });
        }
      };
    });
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
    var placeholder = meta.textContent, found = null, shown = 0, filling = null, asked = 0;
    function fail() { meta.textContent = "Search is not available here."; }
    function open() {
      if (!toggle.checked) { toggle.checked = true; }
      engine().catch(fail);
    }
    function close() { toggle.checked = false; input.blur(); }
    function count(n) {
      return n === 0 ? meta.dataset.none : n === 1 ? meta.dataset.one : meta.dataset.other.replace("#", n);
    }
    // Show the next SHOWN results: one fragment each, fetched together, added in rank order. A new
    // answer's first result is shown as soon as its own fragment is there, the others once all are.
    function more(ticket) {
      if (filling || !found || shown >= found.count) { return; }
      var from = shown, total = found.count, head = shown === 0 ? 1 : 0;
      shown = Math.min(shown + SHOWN, total);
      function add(all) { if (ticket === asked) { all.forEach(function (data) { list.appendChild(item(data)); }); } }
      var first = found.take(from, from + head).then(function (all) {
        if (head && ticket === asked) { list.replaceChildren(); meta.textContent = count(total); }
        add(all);
      });
      var rest = found.take(from + head, shown);
      var done = filling = Promise.all([rest, first]).then(function (all) {
        if (filling === done) { filling = null; }
        add(all[0]);
        if (ticket === asked) { nearEnd(); }
      }, function () { if (filling === done) { filling = null; } fail(); });
    }
    // More results when the list is scrolled (or arrowed) near its end, or does not fill the dialog.
    function nearEnd() {
      if (scroller.clientHeight && scroller.scrollTop + scroller.clientHeight >= scroller.scrollHeight - 200) { more(asked); }
    }
    var ask = latest(function (query) {
      return engine().then(function (search) { return search.search(query); })
        .then(function (answer) { answer.query = query; return answer; });
    }, function (answer, error) {
      if (error) { fail(); return; }
      if (input.value.trim() !== answer.query) { return; }  // cleared or changed meanwhile
      found = answer;
      if (!found.count) { ++asked; list.replaceChildren(); meta.textContent = count(0); return; }
      shown = 0;
      filling = null;
      more(++asked);
    });
    var pause = null, typed = 0;
    function run() {
      var query = input.value.trim(), now = Date.now(), quick = now - typed < QUICK;
      typed = now;
      clearTimeout(pause);
      if (!query) { ++asked; found = null; list.replaceChildren(); meta.textContent = placeholder; return; }
      // A search cannot be stopped once started, and the next one waits for it. A last word of one or two
      // letters matches, as a prefix, most of a large index (4 s for "sp" at 20,000 entries): wait until
      // the typing pauses. Keys coming quicker than QUICK apart (or a paste): wait that long for the next.
      var wait = /(^|\s)\S{1,2}$/.test(query) ? SHORT_PAUSE : quick ? QUICK : 0;
      if (!wait) { ask(query); return; }
      pause = setTimeout(function () { ask(query); }, wait);
      // Meanwhile fetch the index chunks the query needs (no scoring): they are there when it runs.
      if (wait === QUICK) { engine().then(function (search) { return search.preload(query); }).catch(function () {}); }
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
