"""files: HQ file tracking - files created in a section move officer to officer with a note, are
returned, disposed and archived; where a file is now, pendency per officer and section, history."""

from chalicelib.files import messages  # noqa: F401  (registers this service's error messages)
