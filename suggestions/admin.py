"""Admin of the suggestions app; the triage queue and assignment actions live here."""
