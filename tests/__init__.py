"""The tests, mirroring the house: engine/, data/, site/, checker/, browser/, pyodide/."""
