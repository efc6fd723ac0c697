"""Link health: check every entry's link politely, and record the verdicts for the site.

    rules.py       settings and per-host rules (link-rules.yaml)
    limits.py      global, per-host and per-interval politeness
    checker.py     the engine: one request, retried within a total deadline, redirects by hand
    strategies.py  named ways to check some links (YouTube oEmbed, arXiv API) before plain HTTP
    cache.py       settled results reused for a while
    archive.py     Wayback Machine copies of broken links
    run.py         the `llmreads links` use case, tying the above together
    report.py      text, Markdown and JSON reports
    store.py       data/health.yaml, which the site reads
    update.py      --update-data: moved links rewritten in data/, results recorded
"""
