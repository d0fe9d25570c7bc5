"""The review cycle around a check: the Excel questionnaire (writer, reader), what changed between two
reviews (diff), what lapses before the next (due), the city-wide matrix, profile skeletons for new bodies,
and the remiss draft (model, Markdown, Word).

Imports :mod:`tsp_rules.authoring` and everything below it, never the command line.
"""
