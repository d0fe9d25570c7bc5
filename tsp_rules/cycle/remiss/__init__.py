"""The remiss draft: a tjänsteutlåtande answering the programme's remiss, written from one body's findings.

``blocks`` is the draft as data (each text with its basis), ``record`` a body's remiss answer as data,
``words`` the templates and terms, ``draft`` builds the draft from a report and the answer on record,
``markdown`` and ``docx`` write it. May import the layers below the review cycle (checking, renderers'
shared helpers, model, documents, the ground floor), never the command line.
"""

from tsp_rules.cycle.remiss.blocks import (
    PROPOSALS,
    VOICE_BASES,
    Block,
    Draft,
    Proposal,
    RemissOptions,
    Said,
    plain_texts,
)
from tsp_rules.cycle.remiss.draft import (
    as_proposed,
    draft_for_profile,
    is_addressee_ground,
    is_own,
    remiss_draft,
    render_remiss_docx,
)
from tsp_rules.cycle.remiss.markdown import render_remiss, render_remiss_text, to_markdown, to_text
from tsp_rules.cycle.remiss.record import RemissRecord, bundled_records, load_record
from tsp_rules.cycle.remiss.words import organ
from tsp_rules.texts import date_words

__all__ = [
    "PROPOSALS",
    "VOICE_BASES",
    "Block",
    "Draft",
    "Proposal",
    "RemissOptions",
    "RemissRecord",
    "Said",
    "as_proposed",
    "bundled_records",
    "date_words",
    "draft_for_profile",
    "is_addressee_ground",
    "is_own",
    "load_record",
    "organ",
    "plain_texts",
    "remiss_draft",
    "render_remiss",
    "render_remiss_docx",
    "render_remiss_text",
    "to_markdown",
    "to_text",
]
