"""Key material for the unit database: password wrapping, sealing, key file."""
