"""Tests of build_scripts/checker/ that need no browser."""
