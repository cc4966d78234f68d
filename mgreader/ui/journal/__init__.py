"""My days and my medicines: the check-in, the medicines list and the journal view."""
