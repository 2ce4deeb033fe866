"""Reports: the portal's one reader of every app (DOMAIN.md §8).

Every document of the portal is printed here, on the shared PDF module ``congress.reports.pdf``
(templates + WeasyPrint): the annual report, the unit reports, station registers, the monthly key
report, a deputy's duty report, the QR code posters and the ballot announcement, and the statistics
dashboard. They read the apps only through their ``reports`` / ``selectors`` modules (and ask the
apps' ``permissions`` modules who may download them) and write nothing in them; no app imports this
package. The documents that are downloaded outside the report admin keep their published addresses
(``congress/reports/urls.py``).
"""
