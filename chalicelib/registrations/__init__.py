"""registrations: a new cooperative society's application, approved on Step Functions (issue 4)."""
