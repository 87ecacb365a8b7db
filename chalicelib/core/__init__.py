"""The shared kernel: config, errors, auth, ids, clock, history, notify, pagination, http."""
