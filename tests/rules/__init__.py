"""Tests keyed by rule id: a YAML file of cases per rule (see cases.py)."""
