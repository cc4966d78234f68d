"""The reader's days and medicines: check-ins, the medicines list, visits."""
