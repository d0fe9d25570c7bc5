"""The remiss draft as Markdown (escaped, so profile text never becomes markup) and as plain text."""

from __future__ import annotations

from tsp_rules.checking.findings import Report
from tsp_rules.cycle.remiss.blocks import Draft, RemissOptions
from tsp_rules.cycle.remiss.draft import remiss_draft
from tsp_rules.model.ruleset import Lang
from tsp_rules.renderers.markdown import md


def to_markdown(draft: Draft) -> str:
    """The draft as Markdown. Every text is escaped (profile text such as a body's name or an evidence
    reference must render as that text, never as markup or live HTML), so the draft's structure comes
    only from the blocks."""
    lines: list[str] = []
    for b in draft.blocks:
        text, lead = md(b.text), md(b.lead)
        if b.kind == "title":
            lines += [f"# {text}", ""]
        elif b.kind == "heading":
            lines += [f"{'#' * (b.level + 1)} {text}", ""]
        elif b.kind == "para":
            lines += [f"**{lead}** {text}" if b.lead else text, ""]
        elif b.kind == "note":
            lines += [f"> {text}", ""]
        elif b.kind in ("numbered", "bullets"):
            if b.lead:
                lines += [f"**{lead}**", ""]
            marks = [f"{i}." for i in range(1, len(b.items) + 1)] if b.kind == "numbered" else ["-"] * len(b.items)
            lines += [f"{m} {md(item)}" for m, item in zip(marks, b.items, strict=True)] + [""]
        elif b.kind == "table":
            head, *body = b.rows
            lines.append("| " + " | ".join(md(c) for c in head) + " |")
            lines.append("|" + "---|" * len(head))
            lines += ["| " + " | ".join(md(c) for c in row) + " |" for row in body]
            lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def to_text(draft: Draft) -> str:
    lines: list[str] = []
    for b in draft.blocks:
        if b.kind == "title":
            lines += [b.text.upper(), "=" * len(b.text), ""]
        elif b.kind == "heading":
            underline = {1: "=", 2: "-"}.get(b.level)
            lines += [b.text] + ([underline * len(b.text)] if underline else []) + [""]
        elif b.kind == "para":
            lines += [f"{b.lead} {b.text}" if b.lead else b.text, ""]
        elif b.kind == "note":
            mark = "OBS" if draft.lang == "sv" else "NOTE"
            lines += [f"{mark}: {b.text}" if b.text in draft.warnings else f"[{b.text}]", ""]
        elif b.kind in ("numbered", "bullets"):
            if b.lead:
                lines.append(b.lead)
            marks = [f"{i}." for i in range(1, len(b.items) + 1)] if b.kind == "numbered" else ["-"] * len(b.items)
            lines += [f"  {m} {item}" for m, item in zip(marks, b.items, strict=True)] + [""]
        elif b.kind == "table":
            head, *body = b.rows
            for row in body:
                lines.append(f"- {row[0]}")
                lines += [f"    {h}: {c}" for h, c in zip(head[1:], row[1:], strict=True)]
            lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def render_remiss(report: Report, lang: Lang = "sv", options: RemissOptions | None = None) -> str:
    """The draft in Markdown."""
    return to_markdown(remiss_draft(report, lang, options))


def render_remiss_text(report: Report, lang: Lang = "sv", options: RemissOptions | None = None) -> str:
    """The draft in plain text."""
    return to_text(remiss_draft(report, lang, options))


