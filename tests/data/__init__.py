"""Tests of the rule data in data/: schemas, facts, freshness."""
