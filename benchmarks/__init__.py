"""Benchmarks of the engine, the site build and the checker: `python -m benchmarks.<name>` (see `make help`)."""
