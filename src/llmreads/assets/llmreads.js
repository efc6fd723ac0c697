// llmreads: filter the all-entries table by topic, kind, level, year and text. No dependencies.
(function () {
  "use strict";
  function setup() {
    var form = document.getElementById("lr-filters");
    var table = document.getElementById("lr-table");
    if (!form || !table || form.dataset.ready) { return; }
    form.dataset.ready = "1";
    var more = document.getElementById("lr-more");
    var rows = Array.prototype.slice.call(document.querySelectorAll(".lr-table > tbody > tr"));
    var params = new URLSearchParams(window.location.search);
    ["topic", "kind", "level", "year", "q"].forEach(function (name) {
      if (params.has(name) && form.elements[name]) { form.elements[name].value = params.get(name); }
    });
    function apply() {
      var topic = form.elements.topic.value, kind = form.elements.kind.value;
      var level = form.elements.level.value, year = form.elements.year.value;
      var q = form.elements.q.value.trim().toLowerCase();
      var shown = 0;
      rows.forEach(function (row) {
        var d = row.dataset;
        var ok = (!topic || (" " + d.topics + " ").indexOf(" " + topic + " ") >= 0) &&
          (!kind || d.kind === kind) && (!level || d.level === level) && (!year || d.year === year) &&
          (!q || d.text.indexOf(q) >= 0);
        row.hidden = !ok;
        if (ok) { shown += 1; }
      });
      form.elements.count.value = shown + (shown === 1 ? " entry" : " entries");
      if (more) { more.open = true; }
    }
    form.addEventListener("input", apply);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    // The HTML already shows and counts every entry: filter at load only when a control has a value
    // (from the URL, or restored by the browser on back/forward).
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
