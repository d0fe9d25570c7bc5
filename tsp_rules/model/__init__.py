"""The domain: rulesets and their condition IR (compiled from the specs), provenance, time (cadences,
periods, parts), profiles of nämnder and bolag, which rulesets a check uses, and the words that describe
them.

Imports :mod:`tsp_rules.documents` and the ground floor.
"""
