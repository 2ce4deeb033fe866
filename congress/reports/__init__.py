"""Reports: the portal's one reader of every app (DOMAIN.md §8).

``congress.reports.pdf`` is the shared PDF module (templates + WeasyPrint) every document of the portal
is printed with; it imports no app, so apps may use it for their own documents (station posters, a
deputy's duty report, the ballot announcement). Everything else in this package — the annual report,
the unit reports, station registers and the statistics dashboard — reads the apps only through their
``reports`` / ``selectors`` modules and writes nothing in them; no app imports it.
"""
