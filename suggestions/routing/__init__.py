"""Suggested category and lead unit (智能分办), learnt from the deploying body's own triaged history.
See ``learn.py`` (the model, pure), ``models.py`` (a trained model stored as data, with a version),
``services.py`` (training), ``selectors.py`` (suggestions at triage) and docs/suggestions.md §5."""
