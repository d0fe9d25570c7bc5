"""The remiss draft: a tjänsteutlåtande answering the programme's remiss, written from one body's findings.

``blocks`` is the draft as data, ``words`` its templates and terms, ``draft`` builds it from a report,
``markdown`` and ``docx`` write it. May import the layers below the review cycle (checking, renderers'
shared helpers, model, documents, the ground floor), never the command line.
"""

from tsp_rules.cycle.remiss.blocks import PROPOSALS, Block, Draft, Proposal, RemissOptions, plain_texts
from tsp_rules.cycle.remiss.draft import (
    as_proposed,
    default_proposal,
    draft_for_profile,
    is_addressee_ground,
    is_own,
    remiss_draft,
    render_remiss_docx,
)
from tsp_rules.cycle.remiss.markdown import render_remiss, render_remiss_text, to_markdown, to_text
from tsp_rules.cycle.remiss.words import organ
from tsp_rules.texts import date_words

__all__ = ["PROPOSALS", "Block", "Draft", "Proposal", "RemissOptions", "as_proposed", "date_words",
           "default_proposal", "draft_for_profile",
           "is_addressee_ground", "is_own", "organ", "plain_texts", "remiss_draft", "render_remiss",
           "render_remiss_docx", "render_remiss_text", "to_markdown", "to_text"]
