"""Rules -> pages -> site: queries over the rules, Jinja2 templates, data regions, MkDocs, the dev server."""
