"""The Excel questionnaire, both ways: ``tsp-check questionnaire`` writes a workbook for one body, and
``tsp-check import`` reads it back into a profile.

The workbook (openpyxl) has an instruction sheet; a sheet of the body's identity and traits, one row
each with the answer chosen from a dropdown (a set-valued trait has one yes/no row per value); a sheet
of evidence, one row per document (its kind from a dropdown, date cells, reference, valid until, and the
kind's content fields, with dropdowns where the values are a closed list); a sheet of decisions; and a
hidden sheet with the dropdowns' lists. Each data sheet has the field keys in its second row (grey):
the import reads columns by these keys, so their order may change.

Reading back reports every problem at once, each as ``enkat.xlsx!Underlag!C7: message``, and the profile
is checked against the ruleset like a YAML profile; a profile written to a workbook and read back is the
same profile (a property test checks it).
"""

from tsp_rules.cycle.questionnaire.layout import CellProblem
from tsp_rules.cycle.questionnaire.reader import profile_yaml, read_workbook
from tsp_rules.cycle.questionnaire.writer import build_workbook, questionnaire

__all__ = ["CellProblem", "build_workbook", "profile_yaml", "questionnaire", "read_workbook"]
