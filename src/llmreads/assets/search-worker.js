// llmreads search worker: Pagefind's search over the index in pagefind/, off the page's thread.
// assets/search.js starts it as a module worker when the reader starts searching; a browser without
// module workers imports this file on the page and calls `handle` itself.
//
// Pagefind's own worker (pagefind-worker.js, 41 KB) is not loaded: pagefind.js runs its search in any
// thread without a window. The answers stay here: the page gets a count and asks for the few results it
// shows (where Pagefind's worker posts every match with its word positions, 2,000 for a common query).
import * as pagefind from "../pagefind/pagefind.js";

var KEPT = 4;  // answers kept for the results the page has yet to show (each search box has its newest)
var answers = new Map();
var started = null;

// A large site's index is in parts (llmreads.search): pagefind/ and the folders pagefind/parts.json lists.
var BUNDLE = new URL("../pagefind/", import.meta.url);

function start(options) {
  if (!started) {
    var parts = fetch(new URL("parts.json", BUNDLE)).then(function (reply) { return reply.ok ? reply.json() : []; },
      function () { return []; });
    started = pagefind.options(options).then(function () { return pagefind.init(); }).then(function () { return parts; })
      .then(function (folders) {
        return Promise.all(folders.map(function (folder) {
          return pagefind.mergeIndex(new URL(folder, BUNDLE).href, options);
        }));
      });
  }
  return started;
}

function search(id, query, filters) {
  return started.then(function () { return pagefind.search(query, { filters: filters || {} }); }).then(function (answer) {
    var results = answer ? answer.results : [];
    answers.set(id, results);
    if (answers.size > KEPT) { answers.delete(answers.keys().next().value); }
    return { count: results.length };
  });
}

// Results [from, to) of an answer: only what a result shows (the fragment's text stays here).
function take(answer, from, to) {
  var results = (answers.get(answer) || []).slice(from, to);
  return Promise.all(results.map(function (r) { return r.data(); })).then(function (all) {
    return all.map(function (d) { return { url: d.url, meta: d.meta, filters: d.filters, excerpt: d.excerpt }; });
  });
}

/** Answer one message from search.js: {op, ...} to a promise of its result. */
export function handle(message) {
  switch (message.op) {
    case "start": return start(message.options).then(function () { return true; });
    case "preload": return started.then(function () { return pagefind.preload(message.query, { filters: message.filters || {} }); })
      .then(function () { return true; });
    case "search": return search(message.id, message.query, message.filters);
    case "take": return take(message.answer, message.from, message.to);
    default: return Promise.reject(new Error("unknown search request " + message.op));
  }
}

if (typeof WorkerGlobalScope !== "undefined" && self instanceof WorkerGlobalScope) {
  self.addEventListener("message", function (event) {
    var message = event.data;
    handle(message).then(function (result) { self.postMessage({ id: message.id, result: result }); },
      function (error) { self.postMessage({ id: message.id, error: String(error && error.message || error) }); });
  });
}
