"""E-service book (G2E): employee records, leave, and (once core.documents lands) e-Sankalan."""
