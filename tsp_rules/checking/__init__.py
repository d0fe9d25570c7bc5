"""Checking: ``check``/``iter_check`` (profiles in, findings out), the explanation of every verdict,
findings and the report with its versioned JSON contract and schemas, and bodies in time.

Imports :mod:`tsp_rules.engines`, :mod:`tsp_rules.model`, :mod:`tsp_rules.documents` and the ground floor.
"""
