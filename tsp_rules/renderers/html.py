"""HTML: one self-contained page (inline CSS and JavaScript, nothing fetched when it is viewed).

One body: its findings by focus area with explanations and citations. Several bodies: the city-wide
matrix, bodies × obligations grouped by focus area, each cell coloured by status with its explanation
on hover (``title``) and on click, filters by kind of body and focus area, totals per obligation and
per body, a legend, and a summary per focus area with the bodies that have the most gaps. The filters
and the cell shown in detail can be preset by the address, e.g. ``city.html#kind=stadsdelsnamnd&area=FO2``
or ``city.html#cell=skarpnacks-stadsdelsnamnd:FO2-LAGESBILD``; clicking a cell puts it in the address. Every text
from the inputs is escaped; the output is the same bytes for the same inputs.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from html import escape

import attrs

from tsp_rules.findings import STATUSES, Finding, ProfileInfo, Report, RulesetInfo, Warning
from tsp_rules.renderers.common import (
    STATUS_COLOURS,
    STATUS_SYMBOLS,
    WORDS,
    Column,
    area_label,
    area_status_counts,
    by_area,
    citation_text,
    counts,
    finding_note,
    kind_label,
    most_gaps,
    obligation_columns,
    word,
)
from tsp_rules.ruleset import Lang, Text
from tsp_rules.texts import fill

KIND_ORDER = ("kommunstyrelse", "facknamnd", "stadsdelsnamnd", "bolag")

H: dict[str, Text] = {
    "matrix_title": Text("Lägesbild: efterlevnad av trygghets- och säkerhetsprogrammet",
                         "Situation picture: compliance with the safety and security programme"),
    "body_title": Text("Efterlevnad av trygghets- och säkerhetsprogrammet: {name}",
                       "Compliance with the safety and security programme: {name}"),
    "filters": Text("Filter", "Filters"),
    "detail": Text("Detaljer", "Details"),
    "detail_hint": Text("Klicka på en ruta i matrisen för att se förklaringen.",
                        "Click a cell of the matrix to see its explanation."),
    "per_body": Text("per nämnd/bolag", "per body"),
    "per_obligation": Text("Summa per skyldighet", "Totals per obligation"),
    "no_gaps": Text("Inga brister.", "No gaps."),
    "gaps_n": Text("{n:d|1 brist|brister}", "{n:d|1 gap|gaps}"),
    "bodies_count": Text("{n:d|1 nämnd eller bolag|nämnder och bolag}, {m:d|1 skyldighet|skyldigheter}, "
                         "{k:d|1 bedömning|bedömningar}.",
                         "{n:d|1 committee or company|committees and companies}, {m:d|1 obligation|obligations}, "
                         "{k:d|1 finding|findings}."),
}

CSS_TEMPLATE = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:1.5rem;color:#212121;background:#fff}
h1{font-size:1.4rem;margin:0 0 .3rem}h2{font-size:1.1rem;margin:1.2rem 0 .4rem}
.meta{color:#555;margin:.2rem 0}.illustrative{background:#fff8e1;border-left:4px solid #f9a825;padding:.4rem .6rem}
.cell{text-align:center;font-weight:bold;color:#fff;min-width:1.4rem;cursor:pointer}
%STATUS_CSS%
table{border-collapse:collapse}th,td{border:1px solid #e0e0e0;padding:.2rem .35rem;font-size:.8rem}
#matrix thead th.ob{vertical-align:bottom;font-weight:normal;padding:.3rem 0;width:1.6rem}
#matrix thead th.ob span{writing-mode:vertical-rl;transform:rotate(180deg);white-space:nowrap;display:inline-block}
#matrix th.area{background:#eceff1}#matrix tbody th{text-align:left;white-space:nowrap;width:1%}
#matrix td.tot,#matrix td.kind{text-align:right;color:#424242}#matrix td.kind{text-align:left}
#matrix tfoot th{text-align:left}#matrix .sel{outline:3px solid #000;outline-offset:-3px}
.legend{list-style:none;padding:0;display:flex;gap:1rem;flex-wrap:wrap}.legend li{display:flex;gap:.35rem;
align-items:center}.legend .cell{display:inline-block;padding:.1rem .3rem}
.hide{display:none}#filters label{margin-right:1rem}
.controls{display:flex;gap:3rem;flex-wrap:wrap;align-items:flex-start;margin-bottom:.6rem}.controls h2{margin-top:.4rem}
#detail{margin-top:1rem;border:1px solid #bdbdbd;padding:.5rem .8rem;max-width:60rem;background:#fafafa}
.findings{width:100%;table-layout:fixed}.findings th:nth-child(1){width:10rem}.findings th:nth-child(2){width:18rem}
.findings td.status{white-space:nowrap}.findings td{vertical-align:top}.cite{color:#555;font-size:.75rem}
"""

CSS = CSS_TEMPLATE.replace("%STATUS_CSS%", "".join(
    f".s-{s}{{background:{c}{';color:#212121' if s == 'not_assessed' else ''}}}" for s, c in STATUS_COLOURS.items()))

SCRIPT = """
(function(){
var table=document.getElementById('matrix');if(!table)return;
var kindSel=document.getElementById('filter-kind'),areaSel=document.getElementById('filter-area');
var statuses=%STATUSES%;
function visible(el){return !el.classList.contains('hide');}
function apply(){
 var kind=kindSel.value,area=areaSel.value;
 table.querySelectorAll('tbody tr').forEach(function(tr){
  tr.classList.toggle('hide',kind!==''&&tr.dataset.kind!==kind);});
 table.querySelectorAll('[data-area]').forEach(function(el){
  el.classList.toggle('hide',area!==''&&el.dataset.area!==area);});
 var grand={};statuses.forEach(function(s){grand[s]=0;});
 table.querySelectorAll('tbody tr').forEach(function(tr){
  var c={};statuses.forEach(function(s){c[s]=0;});
  tr.querySelectorAll('td.cell').forEach(function(td){if(visible(td))c[td.dataset.status]++;});
  tr.querySelectorAll('td.tot').forEach(function(td){td.textContent=c[td.dataset.total];});
  if(visible(tr))statuses.forEach(function(s){grand[s]+=c[s];});
 });
 table.querySelectorAll('tfoot tr').forEach(function(tr){
  var s=tr.dataset.status;
  tr.querySelectorAll('td.tot[data-obligation]').forEach(function(td){
   var n=0;table.querySelectorAll('tbody tr').forEach(function(row){
    if(!visible(row))return;var cell=row.querySelector('td.cell[data-obligation="'+td.dataset.obligation+'"]');
    if(cell&&cell.dataset.status===s)n++;});
   td.textContent=n;});
  tr.querySelectorAll('td.grand').forEach(function(td){td.textContent=grand[s];});
 });
}
var detail=document.getElementById('detail-body'),selected='';
function show(td){
 table.querySelectorAll('td.sel').forEach(function(x){x.classList.remove('sel');});td.classList.add('sel');
 selected=td.parentNode.dataset.profile+':'+td.dataset.obligation;
 detail.textContent='';
 [['strong',td.dataset.head],['p',td.dataset.explanation],['p',td.dataset.citation]].forEach(function(p){
  var el=document.createElement(p[0]);el.textContent=p[1]||'';detail.appendChild(el);});
}
function fromHash(){
 var h={};location.hash.replace(/^#/,'').split('&').forEach(function(kv){
  var p=kv.split('=');if(p.length===2)h[decodeURIComponent(p[0])]=decodeURIComponent(p[1]);});
 [[kindSel,h.kind],[areaSel,h.area]].forEach(function(x){
  if(x[1]!==undefined&&x[0].querySelector('option[value="'+CSS.escape(x[1])+'"]'))x[0].value=x[1];});
 if(h.cell){var k=h.cell.split(':');
  var td=k.length===2&&table.querySelector('tr[data-profile="'+CSS.escape(k[0])+'"] td.cell[data-obligation="'
   +CSS.escape(k[1])+'"]');if(td)show(td);}
}
function toHash(){
 var parts=[];if(kindSel.value)parts.push('kind='+encodeURIComponent(kindSel.value));
 if(areaSel.value)parts.push('area='+encodeURIComponent(areaSel.value));
 if(selected)parts.push('cell='+encodeURIComponent(selected));
 try{history.replaceState(null,'',parts.length?'#'+parts.join('&'):location.pathname);}catch(e){}
}
function changed(){apply();toHash();}
kindSel.addEventListener('change',changed);areaSel.addEventListener('change',changed);
window.addEventListener('hashchange',function(){fromHash();apply();});
table.addEventListener('click',function(ev){
 var td=ev.target.closest('td.cell');if(!td)return;show(td);toHash();
});
fromHash();apply();table.setAttribute('data-ready','1');
})();
"""


def _a(text: str) -> str:
    """Escape for an attribute value or text content."""
    return escape(text, quote=True)


def _page_head(title: str, lang: Lang) -> list[str]:
    return [
        "<!DOCTYPE html>",
        f'<html lang="{lang}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_a(title)}</title>",
        f"<style>{CSS}</style>",
        "</head>",
        "<body>",
    ]


def _page_tail(script: str = "") -> list[str]:
    return [*([f"<script>{script}</script>"] if script else []), "</body>", "</html>"]


def _page(title: str, lang: Lang, body: list[str], script: str = "") -> str:
    return "\n".join([*_page_head(title, lang), *body, *_page_tail(script), ""])  # ends with a newline


def _header(report: Report, title: str, lang: Lang) -> list[str]:
    return _header_lines(report.ruleset, report.as_of, report.engine, any(p.illustrative for p in report.profiles),
                         title, lang)


def _header_lines(ruleset: RulesetInfo, as_of: dt.date, engine: str, illustrative: bool, title: str,
                  lang: Lang) -> list[str]:
    meta = fill(WORDS["heading"], lang, ruleset=ruleset.id, version=ruleset.version, as_of=as_of.isoformat(),
                                        engine=engine)
    out = ["<header>", f"<h1>{_a(title)}</h1>", f'<p class="meta">{_a(ruleset.title.get(lang))}. {_a(meta)}</p>']
    if illustrative:
        out.append(f'<p class="illustrative">{_a(word("illustrative_note", lang))}</p>')
    out.append("</header>")
    return out


def _legend(lang: Lang) -> list[str]:
    out = ['<section id="legend">', f"<h2>{_a(word('legend', lang))}</h2>", '<ul class="legend">']
    for s in STATUSES:
        out.append(f'<li data-status="{s.value}"><span class="cell s-{s.value}">{STATUS_SYMBOLS[s.value]}</span> '
                   f"{_a(s.label(lang))}</li>")
    out += ["</ul>", "</section>"]
    return out


def _warnings(report: Report, lang: Lang, profile: str | None = None) -> list[str]:
    shown = {profile, None, *(p.id for p in report.absent)}  # with the bodies not checked on the date
    return _warning_lines([w for w in report.warnings if profile is None or w.profile in shown], lang)


def _warning_lines(warnings: Sequence[Warning], lang: Lang) -> list[str]:
    if not warnings:
        return []
    out = ['<section id="warnings">', f"<h2>{_a(word('warnings', lang))}</h2>", "<ul>"]
    out += [f"<li>{_a(w.message(lang))}</li>" for w in warnings]
    out += ["</ul>", "</section>"]
    return out


_note = finding_note


# ------------------------------------------------------------------------------------------- one body


def render_body(report: Report, info: ProfileInfo, lang: Lang) -> str:
    findings = report.for_profile(info.id)
    title = H["body_title"].get(lang).format(name=info.name)
    body = _header(report, title, lang)
    body.append(f'<p class="meta">{_a(kind_label(info.kind, lang))} · <code>{_a(info.id)}</code></p>')
    found = counts(findings)
    body.append('<section id="counts"><ul class="legend">')
    for s in STATUSES:
        body.append(f'<li data-status="{s.value}"><span class="cell s-{s.value}">{STATUS_SYMBOLS[s.value]}</span> '
                    f'{_a(s.label(lang))}: <span class="count">{found[s.value]}</span></li>')
    body.append("</ul></section>")
    for area, group in by_area(findings, report):
        body += [f'<section class="area" data-area="{_a(area)}">', f"<h2>{_a(area_label(area, lang))}</h2>",
                 '<table class="findings">',
                 f"<thead><tr><th>{_a(word('status', lang))}</th><th>{_a(word('obligation', lang))}</th>"
                 f"<th>{_a(word('explanation', lang))}</th></tr></thead>", "<tbody>"]
        for f in group:
            note = _note(f, lang)
            reasons = "".join(f"<li>{_a(r.message(lang))}</li>" for r in f.reasons)
            body.append(
                f'<tr class="finding" data-obligation="{_a(f.obligation)}" data-status="{f.status.value}">'
                f'<td class="status cell s-{f.status.value}">{STATUS_SYMBOLS[f.status.value]} '
                f"{_a(f.status.label(lang))}</td>"
                f"<td><strong>{_a(f.obligation)}</strong><br>{_a(f.title.get(lang))}"
                + (f"<br><em>{_a(note)}</em>" if note else "") + "</td>"
                f"<td>{_a(f.summary.get(lang))}<ul>{reasons}</ul>"
                f'<div class="cite">{_a(word("source", lang))}: {_a(citation_text(f.citation, lang))}</div></td>'
                "</tr>")
        body += ["</tbody>", "</table>", "</section>"]
    body += _legend(lang)
    body += _warnings(report, lang, info.id)
    return _page(title, lang, body)


# ------------------------------------------------------------------------------------------- the matrix


@attrs.frozen
class MatrixTotals:
    """What the matrix needs besides its rows, gathered from all bodies (so that the rows can be rendered
    one body at a time, and the page put together without the findings: :func:`matrix_page`)."""

    ruleset: RulesetInfo
    as_of: dt.date
    engine: str
    columns: tuple[Column, ...]
    profiles: int
    findings: int
    illustrative: bool
    kinds: tuple[str, ...]
    per_column: Mapping[tuple[str, str], int]  # (obligation, status) -> number of bodies
    per_area: Mapping[str, Mapping[str, int]]  # focus area -> status -> number of findings
    total: Mapping[str, int]
    gaps: Sequence[tuple[ProfileInfo, int]]  # every body with a gap, most gaps first (see most_gaps)
    warnings: Sequence[Warning]


def _kind_rank(kind: str) -> int:
    return KIND_ORDER.index(kind) if kind in KIND_ORDER else len(KIND_ORDER)


def matrix_row_key(p: ProfileInfo) -> tuple[int, str, str]:
    """The order of the matrix's rows: by kind of body, then name."""
    return (_kind_rank(p.kind), p.name, p.id)


def _areas(columns: Sequence[Column]) -> list[tuple[str, int]]:
    areas: list[tuple[str, int]] = []
    for c in columns:
        if areas and areas[-1][0] == c.focus_area:
            areas[-1] = (c.focus_area, areas[-1][1] + 1)
        else:
            areas.append((c.focus_area, 1))
    return areas


def matrix_row(p: ProfileInfo, cells: Mapping[str, Finding], columns: Sequence[Column], lang: Lang) -> str:
    """One body's row of the matrix; ``cells`` its findings by obligation id."""
    row = [f'<tr class="body" data-kind="{_a(p.kind)}" data-profile="{_a(p.id)}">',
           f'<th scope="row" title="{_a(p.id)}">{_a(p.name)}'
           + (' <span title="' + _a(word("illustrative", lang)) + '">*</span>' if p.illustrative else "")
           + "</th>", f'<td class="kind">{_a(kind_label(p.kind, lang))}</td>']
    found = {s.value: 0 for s in STATUSES}
    for c in columns:
        f = cells.get(c.id)
        if f is None:
            row.append(f'<td class="empty" data-area="{_a(c.focus_area)}"></td>')
            continue
        found[f.status.value] += 1
        head = f"{p.name} · {f.obligation} – {f.title.get(lang)}: {f.status.label(lang)}"
        cite = f"{word('source', lang)}: {citation_text(f.citation, lang)}"
        row.append(
            f'<td class="cell s-{f.status.value}" data-status="{f.status.value}" data-area="{_a(c.focus_area)}" '
            f'data-obligation="{_a(c.id)}" title="{_a(head + chr(10) + f.explanation(lang))}" '
            f'data-head="{_a(head)}" data-explanation="{_a(f.explanation(lang))}" data-citation="{_a(cite)}">'
            f"{STATUS_SYMBOLS[f.status.value]}</td>")
    row += [f'<td class="tot" data-total="{s.value}">{found[s.value]}</td>' for s in STATUSES]
    row.append("</tr>")
    return "".join(row)


def matrix_totals(report: Report) -> MatrixTotals:
    """The :class:`MatrixTotals` of a whole report."""
    columns = obligation_columns(report)
    per_column: Counter[tuple[str, str]] = Counter((f.obligation, f.status.value) for f in report.findings)
    return MatrixTotals(report.ruleset, report.as_of, report.engine, columns, len(report.profiles),
                        len(report.findings), any(p.illustrative for p in report.profiles),
                        tuple(sorted({p.kind for p in report.profiles}, key=_kind_rank)), per_column,
                        area_status_counts(report), report.counts, most_gaps(report, len(report.profiles)),
                        report.warnings)


def matrix_page(totals: MatrixTotals, rows: Iterable[str], lang: Lang) -> Iterator[str]:
    """The matrix page in pieces (their concatenation is the page), with ``rows`` (from :func:`matrix_row`,
    in :func:`matrix_row_key` order) in its table: rows are taken one at a time, never all held."""
    title = H["matrix_title"].get(lang)
    columns = totals.columns
    areas = _areas(columns)
    body = _header_lines(totals.ruleset, totals.as_of, totals.engine, totals.illustrative, title, lang)
    extent = fill(H["bodies_count"], lang, n=totals.profiles, m=len(columns), k=totals.findings)
    body.append(f'<p class="meta" id="extent">{_a(extent)}</p>')
    body.append('<div class="controls">')
    body += _legend(lang)
    body += ['<section id="filters">', f"<h2>{_a(H['filters'].get(lang))}</h2>",
             f'<label>{_a(word("kind", lang))} <select id="filter-kind">',
             f'<option value="">{_a(word("all", lang))}</option>']
    body += [f'<option value="{_a(k)}">{_a(kind_label(k, lang))}</option>' for k in totals.kinds]
    body += ["</select></label>", f'<label>{_a(word("focus_area", lang))} <select id="filter-area">',
             f'<option value="">{_a(word("all", lang))}</option>']
    body += [f'<option value="{_a(a)}">{_a(area_label(a, lang))}</option>' for a, _ in areas]
    body += ["</select></label>", "</section>", "</div>"]

    total_label = f"{word('total', lang)} {H['per_body'].get(lang)}"
    body += ['<table id="matrix">', "<thead>", "<tr>",
             f'<th rowspan="2">{_a(word("body", lang))}</th><th rowspan="2">{_a(word("kind", lang))}</th>']
    body += [f'<th class="area" data-area="{_a(a)}" colspan="{n}" title="{_a(area_label(a, lang))}">{_a(a)}</th>'
             for a, n in areas]
    body += [f'<th class="area" colspan="{len(STATUSES)}">{_a(total_label)}</th>', "</tr>", "<tr>"]
    body += [f'<th class="ob" data-area="{_a(c.focus_area)}" data-obligation="{_a(c.id)}" '
             f'title="{_a(c.id + " – " + c.title.get(lang))}"><span>{_a(c.id)}</span></th>' for c in columns]
    body += [f'<th class="tot s-{s.value} cell" title="{_a(s.label(lang))}">{STATUS_SYMBOLS[s.value]}</th>'
             for s in STATUSES]
    body += ["</tr>", "</thead>", "<tbody>"]
    yield "\n".join([*_page_head(title, lang), *body]) + "\n"
    for row in rows:
        yield row + "\n"
    tail = ["</tbody>", "<tfoot>"]
    for s in STATUSES:
        row_parts = [f'<tr class="totals" data-status="{s.value}">',
                     f'<th colspan="2"><span class="cell s-{s.value}">{STATUS_SYMBOLS[s.value]}</span> '
                     f"{_a(s.label(lang))}</th>"]
        grand = 0
        for c in columns:
            n = totals.per_column.get((c.id, s.value), 0)
            grand += n
            row_parts.append(f'<td class="tot" data-area="{_a(c.focus_area)}" data-obligation="{_a(c.id)}">{n}</td>')
        row_parts += [f'<td class="{"tot grand" if t is s else "blank"}">{grand if t is s else ""}</td>'
                      for t in STATUSES]
        row_parts.append("</tr>")
        tail.append("".join(row_parts))
    tail += ["</tfoot>", "</table>"]
    tail += ['<section id="detail">', f"<h2>{_a(H['detail'].get(lang))}</h2>",
             f'<div id="detail-body">{_a(H["detail_hint"].get(lang))}</div>', "</section>"]
    tail += _summary_lines(totals.per_area, totals.total, totals.gaps[:10], lang)
    tail += _warning_lines(totals.warnings, lang)
    script = SCRIPT.replace("%STATUSES%", "[" + ",".join(f"'{s.value}'" for s in STATUSES) + "]")
    yield "\n".join([*tail, *_page_tail(script), ""])


def render_matrix(report: Report, lang: Lang) -> str:
    columns = obligation_columns(report)
    by_cell: dict[str, dict[str, Finding]] = {}
    for f in report.findings:
        by_cell.setdefault(f.profile, {})[f.obligation] = f
    rows = (matrix_row(p, by_cell.get(p.id, {}), columns, lang)
            for p in sorted(report.profiles, key=matrix_row_key))
    return "".join(matrix_page(matrix_totals(report), rows, lang))


def _summary_lines(per_area: Mapping[str, Mapping[str, int]], total: Mapping[str, int],
                   ranked: Sequence[tuple[ProfileInfo, int]], lang: Lang) -> list[str]:
    out = ['<section id="summary">', f"<h2>{_a(word('per_area', lang))}</h2>", '<table id="area-summary">',
           "<thead><tr>" + f"<th>{_a(word('focus_area', lang))}</th>"
           + "".join(f'<th class="cell s-{s.value}">{_a(s.label(lang))}</th>' for s in STATUSES) + "</tr></thead>",
           "<tbody>"]
    for area, found in per_area.items():
        out.append(f'<tr data-area-summary="{_a(area)}"><th>{_a(area_label(area, lang))}</th>'
                   + "".join(f'<td data-status="{s}">{n}</td>' for s, n in found.items()) + "</tr>")
    out.append(f"<tr><th>{_a(word('total', lang))}</th>"
               + "".join(f'<td data-status="{s}">{n}</td>' for s, n in total.items()) + "</tr>")
    out += ["</tbody>", "</table>", f"<h2>{_a(word('most_gaps', lang))}</h2>"]
    if not ranked:
        out.append(f"<p>{_a(H['no_gaps'].get(lang))}</p>")
    else:
        out.append('<ol id="most-gaps">')
        out += [f'<li data-profile="{_a(p.id)}">{_a(p.name)}: {_a(fill(H["gaps_n"], lang, n=n))}</li>'
                for p, n in ranked]
        out.append("</ol>")
    out.append("</section>")
    return out


def render(report: Report, lang: Lang = "sv") -> str:
    """One body: its findings page; none or several: the matrix."""
    if len(report.profiles) == 1:
        return render_body(report, report.profiles[0], lang)
    return render_matrix(report, lang)
