"""Admin of the livelihood-project ballots."""
