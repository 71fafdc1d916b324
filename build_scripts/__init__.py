"""The build, one sub-package per stage, data flowing one way:

- `rules`: data/*.yaml -> src/horizon_eligibility/rules.json (schema, compile, freshness report)
- `site`: rules -> Markdown pages (Jinja2 templates, data regions) -> `mkdocs build` -> site/; `serve`
- `checker`: the browser checker's bundle (engine wheel, catalogue, Pyodide runtime) and the service worker
- `fixtures`: the test fixtures made from the engine or from upstream data (golden files, CORDIS)

Every entry point runs as `python -m build_scripts.<stage>.<module>` from the repository root.
"""
