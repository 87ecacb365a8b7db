"""Annual returns of societies, their documents, and citizens' access to them (DOMAIN.md §5)."""
