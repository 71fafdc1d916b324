"""data/*.yaml -> rules.json: schema validation, compilation, the freshness report."""
