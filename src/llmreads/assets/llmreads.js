// llmreads: the all-entries filters (over the search index, assets/search.js) and the topic level filter.
(function () {
  "use strict";
  var BATCH = 20;  // rows per answer shown at once: each row fetches its own fragment of the index
  var EVERY_ENTRY = "llmreadsentry";
  function cell(row, value) {
    var td = document.createElement("td");
    if (value instanceof Node) { td.appendChild(value); } else { td.textContent = value || ""; }
    row.appendChild(td);
  }
  function row(data) {
    var f = data.filters || {}, tr = document.createElement("tr"), link = document.createElement("a");
    link.href = data.url;
    link.textContent = (data.meta && data.meta.title) || data.url;
    cell(tr, link);
    cell(tr, data.meta && data.meta.authors);
    ["year", "kind", "level"].forEach(function (name) { cell(tr, (f[name] || [])[0]); });
    cell(tr, (f.topic || []).join(", "));
    tr.dataset.topics = JSON.stringify(f.topic || []);
    return tr;
  }
  function setup() {
    var form = document.getElementById("lr-filters");
    var table = document.getElementById("lr-table");
    if (!form || !table || form.dataset.ready || !window.llmreadsSearch || !window.llmreadsLatest) { return; }
    form.dataset.ready = "1";
    var body = table.tBodies[0], first = Array.prototype.slice.call(body.rows);
    var more = document.getElementById("lr-more"), note = document.getElementById("lr-first");
    var total = form.elements.count.value, asked = 0, found = null, shown = 0;
    var params = new URLSearchParams(window.location.search);
    ["topic", "kind", "level", "year", "q"].forEach(function (name) {
      if (params.has(name) && form.elements[name]) { form.elements[name].value = params.get(name); }
    });
    function chosen() {
      var filters = {};
      ["topic", "kind", "level", "year"].forEach(function (name) {
        var select = form.elements[name];
        // Pagefind knows a topic by its title (what each result shows); the option's value is the id.
        if (select.value) { filters[name] = select.options[select.selectedIndex].text; }
      });
      return filters;
    }
    function count(n) { form.elements.count.value = n + (n === 1 ? " entry" : " entries"); }
    function next(ticket) {
      var start = shown, answer = found;
      if (!answer) { return Promise.resolve(); }
      shown = Math.min(shown + BATCH, answer.count);
      return answer.take(start, shown).then(function (all) {
        if (ticket !== asked) { return; }
        if (start === 0) {  // a new answer: its first rows and its count replace the old ones together
          body.replaceChildren();
          if (note) { note.hidden = true; }
          count(answer.count);
        }
        all.forEach(function (data) { body.appendChild(row(data)); });
        more.hidden = shown >= answer.count;
      });
    }
    // One search at a time, the newest (search.js): the text typed in between is never searched.
    var ask = window.llmreadsLatest(function (job) {
      return window.llmreadsSearch().then(function (search) {
        // Filters alone: search the word every entry page ends with (theme/main.html), one index chunk,
        // where a search for nothing fetches all of them (163, 2.7 MB at 20,000 entries). Quoted: an
        // exact search scores its matches in half the time of a word search.
        return search.search(job.q || '"' + EVERY_ENTRY + '"', job.filters);
      }).then(function (answer) { answer.ticket = job.ticket; return answer; });
    }, function (answer, error) {
      if (error) { form.elements.count.value = "search is not available here"; return; }
      if (answer.ticket !== asked) { return; }
      found = answer;
      shown = 0;
      next(answer.ticket);
    });
    function apply() {
      var q = form.elements.q.value.trim(), filters = chosen(), ticket = ++asked;
      if (!q && !Object.keys(filters).length) {
        body.replaceChildren.apply(body, first);
        form.elements.count.value = total;
        more.hidden = true;
        if (note) { note.hidden = false; }
        return;
      }
      ask({ q: q, filters: filters, ticket: ticket });
    }
    form.addEventListener("input", apply);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    more.addEventListener("click", function () { next(asked); });
    // The HTML already shows the first rows and counts every entry: query at load only when a control
    // has a value (from the URL, or restored by the browser on back/forward).
    if (Array.prototype.some.call(form.elements, function (el) { return el.name !== "count" && el.value; })) {
      apply();
    }
  }
  function setupLevels() {
    var form = document.getElementById("lr-level");
    if (!form || form.dataset.ready) { return; }
    form.dataset.ready = "1";
    var cards = Array.prototype.slice.call(document.querySelectorAll("article.lr-card"));
    form.addEventListener("input", function () {
      var level = form.elements.level.value;
      cards.forEach(function (card) { card.hidden = Boolean(level) && card.dataset.level !== level; });
    });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
  }
  var start = setup;
  setup = function () { start(); setupLevels(); };
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(setup);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
