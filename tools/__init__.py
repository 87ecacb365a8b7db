"""Command-line tools for department IT (not shipped to Lambda)."""
