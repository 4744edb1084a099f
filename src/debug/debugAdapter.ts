// The standalone debug adapter entry (DAP over stdin/stdout); filled in by the adapter module.
