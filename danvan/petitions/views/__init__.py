"""Views of the petitions app (thin: forms in, services and selectors out)."""
