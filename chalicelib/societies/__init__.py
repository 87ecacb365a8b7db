"""societies: master geography, the public registry of societies, officers' edits, imports."""
