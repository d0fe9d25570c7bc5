"""Files in and out: YAML read with the position of every value and within limits, the pydantic specs of
every input format, errors located at ``file:line:col``, JSON written exactly, and reports written safely.

Imports only the ground floor (:mod:`tsp_rules.errors`, :mod:`tsp_rules.texts`).
"""
