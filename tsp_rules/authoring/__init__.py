"""For rule editors: lint, rulesets side by side (periods, differences), the scenario runner behind
``tsp-check test``, and the generated obligation docs.

Imports :mod:`tsp_rules.renderers` and everything below it, never the review cycle or the command line.
"""
