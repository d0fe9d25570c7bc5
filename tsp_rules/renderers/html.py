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
import json
from collections import Counter
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from html import escape

import attrs

from tsp_rules.checking.findings import (
    STATUSES,
    Finding,
    ProfileInfo,
    Report,
    RulesetInfo,
    Status,
    Warning,
    action_counts,
    replaced_count,
)
from tsp_rules.model.ruleset import Lang, Text
from tsp_rules.renderers.common import (
    LIGHT_COLOURS,
    STATUS_COLOURS,
    STATUS_SYMBOLS,
    STATUS_TEXT,
    Column,
    action_summary,
    action_text,
    area_label,
    area_status_counts,
    area_word,
    body_light,
    by_area,
    citation_text,
    counts,
    coverage_lines,
    finding_note,
    heading_lines,
    kind_label,
    light_word,
    most_gaps,
    obligation_columns,
    per_area_title,
    replaced_obligations,
    reported_under_lines,
    subject_words,
    word,
)
from tsp_rules.texts import fill

KIND_ORDER = ("kommunstyrelse", "facknamnd", "stadsdelsnamnd", "bolag")

H: dict[str, Text] = {
    "matrix_title": Text("Lägesbild: efterlevnad av {subject}", "Situation picture: compliance with {subject}"),
    "body_title": Text("Efterlevnad av {subject}: {name}", "Compliance with {subject}: {name}"),
    "filters": Text("Filter", "Filters"),
    "detail": Text("Detaljer", "Details"),
    "detail_hint": Text("Klicka på en ruta i matrisen för att se förklaringen.",
                        "Click a cell of the matrix to see its explanation."),
    "per_body": Text("per nämnd/bolag", "per body"),
    "per_obligation": Text("Summa per skyldighet", "Totals per obligation"),
    "no_gaps": Text("Inga brister.", "No gaps."),
    "gaps_n": Text("{n:d|1 brist|brister}", "{n:d|1 gap|gaps}"),
    "replaced": Text("varav ersatta (ingår inte i kontrollen)", "of which replaced (not part of this check)"),
    "bodies_count": Text("{n:d|en nämnd eller ett bolag|nämnder och bolag}, {m:d|1 skyldighet|skyldigheter}, "
                         "{k:d|1 bedömning|bedömningar}.",
                         "{n:d|1 committee or company|committees and companies}, {m:d|1 obligation|obligations}, "
                         "{k:d|1 finding|findings}."),
    "search": Text("Sök nämnd eller bolag", "Search committees and companies"),
    "sort_by": Text("Sortera efter {what}", "Sort by {what}"),
    "keys": Text("Piltangenterna flyttar mellan rutorna, Enter visar detaljerna. Klicka på ett namn för "
                 "alla bedömningar av den nämnden eller det bolaget.",
                 "Arrow keys move between the cells, Enter shows the details. Click a name for all the "
                 "findings of that committee or company."),
    "matrix_label": Text("Matris: nämnder och bolag mot skyldigheter",
                         "Matrix: committees and companies by obligation"),
    "shown": Text("{n} av {m} visas", "{n} of {m} shown"),
    "star": Text("efter ett namn: {what}", "after a name: {what}"),
}

CSS_TEMPLATE = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:1.5rem;color:#212121;background:#fff}
h1{font-size:1.4rem;margin:0 0 .3rem}h2{font-size:1.1rem;margin:1.2rem 0 .4rem}
.meta{color:#555;margin:.2rem 0}.illustrative{background:#fff8e1;border-left:4px solid #b58900;padding:.4rem .6rem}
.cell{text-align:center;font-weight:bold;color:%TEXT%;min-width:1.4rem;cursor:pointer}
%STATUS_CSS%
td.s-gap,span.s-gap{box-shadow:inset 0 0 0 2px %TEXT%}
td.s-not_assessed,span.s-not_assessed{outline:2px dashed %TEXT%;outline-offset:-3px}
td.s-waived,span.s-waived{outline:3px double %TEXT%;outline-offset:-4px}
table{border-collapse:collapse}th,td{border:1px solid #e0e0e0;padding:.2rem .35rem;font-size:.8rem}
#matrix-wrap{overflow:auto;max-width:100%;max-height:85vh;border:1px solid #e0e0e0}
#matrix thead th{position:sticky;top:0;z-index:2;background:#fff}
#matrix thead tr+tr th{top:var(--head-row,1.6rem)}
#matrix tbody th,#matrix tfoot th,#matrix thead th.name{position:sticky;left:0;z-index:1;background:#fff}
#matrix thead th.name{z-index:3}
#matrix thead th.ob{vertical-align:bottom;font-weight:normal;padding:.3rem 0;width:1.6rem}
#matrix thead th.ob span{writing-mode:vertical-rl;transform:rotate(180deg);white-space:nowrap;display:inline-block}
#matrix th.area{background:#eceff1}#matrix tbody th{text-align:left;white-space:nowrap;width:1%}
#matrix td.tot,#matrix td.kind{text-align:right;color:#424242}#matrix td.kind{text-align:left}
#matrix tfoot th{text-align:left}#matrix .sel{outline:3px solid #000;outline-offset:1px;position:relative;z-index:1}
#matrix td.cell:focus-visible,button:focus-visible,input:focus-visible,select:focus-visible{outline:3px solid #0b57d0;
outline-offset:1px}
button.sort,button.body{font:inherit;color:inherit;background:none;border:0;padding:0;cursor:pointer;text-align:left}
button.body{text-decoration:underline dotted}button.sort::after{content:" \\2195";color:#757575}
th[aria-sort=ascending] button.sort::after{content:" \\2191"}
th[aria-sort=descending] button.sort::after{content:" \\2193"}
.legend{list-style:none;padding:0;display:flex;gap:1rem;flex-wrap:wrap}.legend li{display:flex;gap:.35rem;
align-items:center}.legend .cell{display:inline-block;padding:.1rem .3rem;min-width:1rem}
.hide,.nomatch{display:none}.vh{position:absolute;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;
clip:rect(0 0 0 0);white-space:nowrap;border:0}#matrix caption{text-align:left;font-weight:bold;padding:.2rem 0}
#filters{display:flex;flex-wrap:wrap;gap:.3rem 1rem;align-items:baseline}
#filters h2,#filters p{flex-basis:100%}
#filters label{max-width:100%}
.controls{display:flex;gap:1rem 3rem;flex-wrap:wrap;align-items:flex-start;margin-bottom:.6rem}
.controls h2{margin-top:.4rem}
.hint{color:#555;font-size:.8rem;margin:.2rem 0 .5rem}.controls>*{min-width:0;max-width:100%}
select,input{max-width:100%;box-sizing:border-box}
#detail{margin-top:1rem;border:1px solid #bdbdbd;padding:.5rem .8rem;max-width:60rem;background:#fafafa;
scroll-margin:1rem}
#detail ul{padding-left:1.2rem}#detail li{margin:.2rem 0}
.findings{width:100%;table-layout:fixed}.findings th:nth-child(1){width:10rem}.findings th:nth-child(2){width:18rem}
.findings td.status{white-space:nowrap}.findings td{vertical-align:top}.cite{color:#555;font-size:.75rem}
.wide{overflow-x:auto;max-width:100%}
@media (max-width:40rem){body{margin:.6rem}h1{font-size:1.15rem}.findings{table-layout:auto}
.findings th:nth-child(1),.findings th:nth-child(2){width:auto}}
@media print{@page{size:A4 landscape;margin:8mm}
body{margin:0;font-size:7pt;color:#000}h1{font-size:11pt}h2{font-size:9pt;margin:.4rem 0 .2rem}
#filters,#search-box,.hint,#detail,button.sort::after{display:none}
#matrix-wrap{overflow:visible;max-height:none;border:0}
#matrix th,#matrix td{font-size:5.5pt;padding:0 1px;border-color:#9e9e9e}
#matrix thead th,#matrix tbody th,#matrix tfoot th{position:static}
#matrix tbody th{white-space:normal;min-width:22mm;max-width:34mm}
#matrix thead th.ob{width:auto}#matrix .cell{min-width:0}
.cell,.s-met,.s-gap,.s-not_assessed,.s-not_applicable,.s-waived{color:#000;-webkit-print-color-adjust:exact;
print-color-adjust:exact}
#matrix thead th.ob span{white-space:normal;max-inline-size:30mm}
tr{break-inside:avoid}thead{display:table-header-group}.wide{overflow:visible}}
"""

CSS = CSS_TEMPLATE.replace("%TEXT%", STATUS_TEXT).replace("%STATUS_CSS%", "".join(
    f".s-{s}{{background:{c}}}" for s, c in STATUS_COLOURS.items()) + "".join(
    f".l-{k}{{background:{c};color:{STATUS_TEXT}}}" for k, c in LIGHT_COLOURS.items())
    + ".light{padding:0 .3rem;font-weight:bold}.overdue{font-weight:bold}")

SCRIPT = """
(function(){
var table=document.getElementById('matrix');if(!table)return;
var kindSel=document.getElementById('filter-kind'),areaSel=document.getElementById('filter-area');
var search=document.getElementById('search'),shown=document.getElementById('shown');
var statuses=%STATUSES%,texts=%TEXTS%;
var tbody=table.tBodies[0],rows=Array.prototype.slice.call(tbody.rows);
rows.forEach(function(tr,i){tr.dataset.order=i;});
var detailBox=document.getElementById('detail'),detail=document.getElementById('detail-body');
var selected='',body='',sort='',dir=1;
function visible(el){return !el.classList.contains('hide')&&!el.classList.contains('nomatch');}
function fold(s){return s.normalize('NFD').replace(/[\\u0300-\\u036f]/g,'').toLowerCase();}
function apply(){
 var kind=kindSel.value,area=areaSel.value,q=fold(search.value.trim()),n=0;
 rows.forEach(function(tr){
  tr.classList.toggle('hide',kind!==''&&tr.dataset.kind!==kind);
  tr.classList.toggle('nomatch',q!==''&&fold(tr.dataset.name+' '+tr.dataset.profile).indexOf(q)<0);
  if(visible(tr))n++;});
 table.querySelectorAll('[data-area]').forEach(function(el){
  el.classList.toggle('hide',area!==''&&el.dataset.area!==area);});
 var grand={},cols={};statuses.forEach(function(s){grand[s]=0;});
 rows.forEach(function(tr){
  var c={},on=visible(tr);statuses.forEach(function(s){c[s]=0;});
  tr.querySelectorAll('td.cell').forEach(function(td){
   if(!visible(td))return;c[td.dataset.status]++;
   if(on){var k=td.dataset.obligation+' '+td.dataset.status;cols[k]=(cols[k]||0)+1;}});
  tr.querySelectorAll('td.tot').forEach(function(td){td.textContent=c[td.dataset.total];});
  if(on)statuses.forEach(function(s){grand[s]+=c[s];});
 });
 table.querySelectorAll('tfoot tr').forEach(function(tr){
  var s=tr.dataset.status;
  tr.querySelectorAll('td.tot[data-obligation]').forEach(function(td){
   td.textContent=cols[td.dataset.obligation+' '+s]||0;});
  tr.querySelectorAll('td.grand').forEach(function(td){td.textContent=grand[s];});
 });
 shown.textContent=texts.shown.replace('{n}',n).replace('{m}',rows.length);
 roving();
}
function sortKey(tr,key){
 if(key==='name')return fold(tr.dataset.name);
 if(key==='kind')return +tr.dataset.order;
 var td=tr.querySelector('td.tot[data-total="'+key+'"]');return td?-(+td.textContent):0;}
function applySort(){
 table.querySelectorAll('th[data-sort]').forEach(function(th){
  if(th.dataset.sort===sort)th.setAttribute('aria-sort',dir>0?'ascending':'descending');
  else th.removeAttribute('aria-sort');});
 var key=sort||'kind',d=sort?dir:1;
 rows.slice().sort(function(a,b){var x=sortKey(a,key),y=sortKey(b,key);
  return (x<y?-1:x>y?1:(+a.dataset.order)-(+b.dataset.order))*d;}).forEach(function(tr){tbody.appendChild(tr);});
 roving();
}
function cells(){return Array.prototype.filter.call(tbody.querySelectorAll('td.cell'),function(td){
 return visible(td)&&visible(td.parentNode);});}
function roving(){
 var all=cells(),current=tbody.querySelector('td.cell[tabindex="0"]');
 tbody.querySelectorAll('td.cell').forEach(function(td){td.tabIndex=-1;});
 if(current&&all.indexOf(current)>=0)current.tabIndex=0;else if(all.length)all[0].tabIndex=0;
}
function clearDetail(){detail.textContent='';
 table.querySelectorAll('td.sel').forEach(function(x){x.classList.remove('sel');});}
function add(parent,tag,text,cls){var el=document.createElement(tag);el.textContent=text||'';
 if(cls)el.className=cls;parent.appendChild(el);return el;}
function reveal(){if(detailBox.scrollIntoView)detailBox.scrollIntoView({block:'nearest'});}
function show(td){
 clearDetail();td.classList.add('sel');body='';
 selected=td.parentNode.dataset.profile+':'+td.dataset.obligation;
 [['strong',td.dataset.head],['p',td.dataset.explanation],['p',td.dataset.citation]].forEach(function(p){
  add(detail,p[0],p[1]);});
 reveal();
}
function showBody(tr){
 clearDetail();selected='';body=tr.dataset.profile;
 add(detail,'strong',tr.dataset.name+' \\u00b7 '+tr.querySelector('td.kind').textContent);
 var list=add(detail,'ul','');list.className='body-findings';
 tr.querySelectorAll('td.cell').forEach(function(td){
  var li=add(list,'li','');li.dataset.obligation=td.dataset.obligation;li.dataset.status=td.dataset.status;
  var mark=add(li,'span',td.textContent,'cell s-'+td.dataset.status);mark.setAttribute('aria-hidden','true');
  add(li,'span',' '+td.dataset.head.slice(td.dataset.head.indexOf(' \\u00b7 ')+3)+'. ');
  add(li,'span',td.dataset.explanation);});
 reveal();
}
function fromHash(){
 var h={};location.hash.replace(/^#/,'').split('&').forEach(function(kv){
  var i=kv.indexOf('=');if(i>0)h[decodeURIComponent(kv.slice(0,i))]=decodeURIComponent(kv.slice(i+1));});
 [[kindSel,h.kind],[areaSel,h.area]].forEach(function(x){
  if(x[1]!==undefined&&x[0].querySelector('option[value="'+CSS.escape(x[1])+'"]'))x[0].value=x[1];});
 if(h.q!==undefined)search.value=h.q;
 if(h.sort!==undefined){var m=/^(-?)(.+)$/.exec(h.sort);
  if(m&&table.querySelector('th[data-sort="'+CSS.escape(m[2])+'"]')){sort=m[2];dir=m[1]?-1:1;}}
 apply();applySort();
 if(h.cell){var k=h.cell.split(':');
  var td=k.length===2&&table.querySelector('tr[data-profile="'+CSS.escape(k[0])+'"] td.cell[data-obligation="'
   +CSS.escape(k[1])+'"]');if(td)show(td);}
 else if(h.body){var tr=table.querySelector('tr[data-profile="'+CSS.escape(h.body)+'"]');if(tr)showBody(tr);}
}
function toHash(){
 var parts=[];if(kindSel.value)parts.push('kind='+encodeURIComponent(kindSel.value));
 if(areaSel.value)parts.push('area='+encodeURIComponent(areaSel.value));
 if(search.value)parts.push('q='+encodeURIComponent(search.value));
 if(sort)parts.push('sort='+(dir<0?'-':'')+encodeURIComponent(sort));
 if(selected)parts.push('cell='+encodeURIComponent(selected));
 else if(body)parts.push('body='+encodeURIComponent(body));
 try{history.replaceState(null,'',parts.length?'#'+parts.join('&'):location.pathname);}catch(e){}
}
function changed(){apply();toHash();}
kindSel.addEventListener('change',changed);areaSel.addEventListener('change',changed);
search.addEventListener('input',changed);
window.addEventListener('hashchange',fromHash);
table.addEventListener('click',function(ev){
 var b=ev.target.closest('button.sort');
 if(b){var key=b.parentNode.dataset.sort;dir=sort===key?-dir:1;sort=key;applySort();toHash();return;}
 var who=ev.target.closest('button.body');if(who){showBody(who.closest('tr'));toHash();return;}
 var td=ev.target.closest('td.cell');if(!td)return;
 roving();tbody.querySelectorAll('td.cell').forEach(function(x){x.tabIndex=-1;});td.tabIndex=0;
 show(td);toHash();
});
table.addEventListener('keydown',function(ev){
 var td=ev.target.closest&&ev.target.closest('td.cell');if(!td)return;
 if(ev.key==='Enter'||ev.key===' '){ev.preventDefault();show(td);toHash();return;}
 var tr=td.parentNode,vr=rows.filter(function(r){return visible(r);});
 vr.sort(function(a,b){return a.sectionRowIndex-b.sectionRowIndex;});
 var rc=Array.prototype.filter.call(tr.querySelectorAll('td.cell'),visible),ci=rc.indexOf(td),ri=vr.indexOf(tr);
 var next=null;
 if(ev.key==='ArrowRight')next=rc[ci+1];else if(ev.key==='ArrowLeft')next=rc[ci-1];
 else if(ev.key==='Home')next=rc[0];else if(ev.key==='End')next=rc[rc.length-1];
 else if(ev.key==='ArrowDown'||ev.key==='ArrowUp'){var r=vr[ri+(ev.key==='ArrowDown'?1:-1)];
  if(r)next=Array.prototype.filter.call(r.querySelectorAll('td.cell'),visible)[ci];}
 else return;
 ev.preventDefault();if(!next)return;td.tabIndex=-1;next.tabIndex=0;next.focus();
});
var first=table.tHead.rows[0];
table.style.setProperty('--head-row',first.getBoundingClientRect().height+'px');
fromHash();table.setAttribute('data-ready','1');
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
        "<main>",
    ]


def _page_tail(script: str = "") -> list[str]:
    return ["</main>", *([f"<script>{script}</script>"] if script else []), "</body>", "</html>"]


def _page(title: str, lang: Lang, body: list[str], script: str = "") -> str:
    return "\n".join([*_page_head(title, lang), *body, *_page_tail(script), ""])  # ends with a newline


def _header(report: Report, title: str, lang: Lang) -> list[str]:
    return _header_lines(report.ruleset_infos, report.as_of, report.engine,
                         any(p.illustrative for p in report.profiles), title, lang)


def _header_lines(ruleset: RulesetInfo | Sequence[RulesetInfo], as_of: dt.date, engine: str, illustrative: bool,
                  title: str, lang: Lang) -> list[str]:
    infos = [ruleset] if isinstance(ruleset, RulesetInfo) else list(ruleset)
    first, *rest = heading_lines(infos, as_of, engine, lang)
    out = ["<header>", f"<h1>{_a(title)}</h1>"]
    if len(infos) == 1:
        out.append(f'<p class="meta">{_a(infos[0].title.get(lang))}. {_a(first)}</p>')
        out += [f'<p class="meta" id="ruleset-{_a(infos[0].id)}">{_a(line)}</p>' for line in rest]
    else:  # which rulesets, and why each was used; the matrix's columns are grouped by ruleset
        out.append(f'<p class="meta">{_a(first)}</p>')
        lines = [line for line in rest if not line.startswith("  - ")]
        out += [f'<p class="meta">{_a(line)}</p>' for line in lines]
        out.append('<ul class="meta rulesets">')
        out += [f'<li id="ruleset-{_a(i.id)}">{_a(f"{i.id} {i.version} ({i.title.get(lang)}): {i.why(lang)}")}</li>'
                for i in infos]
        out.append("</ul>")
    out += [f'<p class="coverage" id="coverage-{_a(rid)}">{_a(line)}</p>' for rid, line in coverage_lines(infos, lang)]
    out += [f'<p class="coverage reported-under">{_a(line)}</p>' for line in reported_under_lines(infos, lang)]
    if illustrative:
        out.append(f'<p class="illustrative">{_a(word("illustrative_note", lang))}</p>')
    out.append("</header>")
    return out


def _legend(lang: Lang, illustrative: bool = False) -> list[str]:
    """The statuses' symbols and, when some body is illustrative, what the ``*`` after its name means."""
    out = ['<section id="legend">', f"<h2>{_a(word('legend', lang))}</h2>", '<ul class="legend">']
    for s in STATUSES:
        out.append(f'<li data-status="{s.value}"><span class="cell s-{s.value}">{STATUS_SYMBOLS[s.value]}</span> '
                   f"{_a(s.label(lang))}</li>")
    if illustrative:
        out.append(f'<li id="legend-illustrative"><span class="star">*</span> '
                   f'{_a(fill(H["star"], lang, what=word("illustrative", lang)))}</li>')
    out += ["</ul>", "</section>"]
    return out


def _warnings(report: Report, lang: Lang, profile: str | None = None) -> list[str]:
    shown = {profile, None, *(p.id for p in report.absent)}  # with the bodies not checked on the date
    return _warning_lines([w for w in report.warnings if profile is None or w.profile in shown], lang)


def _warning_lines(warnings: Collection[Warning], lang: Lang) -> list[str]:
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
    title = fill(H["body_title"], lang, subject=subject_words(report.ruleset_infos, lang), name=info.name)
    body = _header(report, title, lang)
    body.append(f'<p class="meta">{_a(kind_label(info.kind, lang))} · <code>{_a(info.id)}</code></p>')
    found = counts(findings)
    body.append('<section id="counts"><ul class="legend">')
    for s in STATUSES:
        body.append(f'<li data-status="{s.value}"><span class="cell s-{s.value}">{STATUS_SYMBOLS[s.value]}</span> '
                    f'{_a(s.label(lang))}: <span class="count">{found[s.value]}</span></li>')
    n_replaced = replaced_count(findings)
    if n_replaced:
        body.append(f'<li class="replaced">{_a(H["replaced"].get(lang))}: <span class="count">{n_replaced}</span>'
                    "</li>")
    lit = body_light(findings)
    if lit is not None:
        body.append(f'<li data-light="{lit}">{_a(word("light", lang).capitalize())}: {_light(lit, lang)}</li>')
    standings = action_counts(findings)
    if any(standings.values()):
        body.append(f'<li class="actions-summary">{_a(action_summary(standings, lang))}</li>')
    body.append("</ul></section>")
    for area, group in by_area(findings, report):
        body += [f'<section class="area" data-area="{_a(area)}">', f"<h2>{_a(area_label(area, lang))}</h2>",
                 '<table class="findings">',
                 f"<thead><tr><th scope=\"col\">{_a(word('status', lang))}</th>"
                 f"<th scope=\"col\">{_a(word('obligation', lang))}</th>"
                 f"<th scope=\"col\">{_a(word('explanation', lang))}</th></tr></thead>", "<tbody>"]
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
                f'<div class="cite">{_a(word("source", lang))}: {_a(citation_text(f.citation, lang))}</div>'
                + _actions_html(f, lang) + "</td></tr>")
        body += ["</tbody>", "</table>", "</section>"]
    body += _legend(lang)
    body += _warnings(report, lang, info.id)
    return _page(title, lang, body)


def _light(colour: str, lang: Lang) -> str:
    """A traffic light as a coloured word (never by colour alone)."""
    return f'<span class="light l-{colour}">{_a(light_word(colour, lang))}</span>'


def _actions_html(f: Finding, lang: Lang) -> str:
    """A gap's or not-assessed finding's traffic light and actions (or 'ingen åtgärd'); an overdue action,
    or one marked done while the gap remains, in bold."""
    if f.status not in (Status.GAP, Status.NOT_ASSESSED) or f.light is None:
        return ""
    head = f'{_a(word("light", lang).capitalize())}: {_light(f.light, lang)}'
    if not f.actions:
        return f'<div class="actions" data-light="{f.light}">{head}; {_a(word("no_action", lang))}</div>'
    items = "".join(
        f'<li class="action{" overdue" if a.overdue or a.unverified else ""}" data-action-status="{a.action.status}"'
        f'{" data-overdue" if a.overdue else ""}>{_a(word("action", lang))}: {_a(action_text(a, lang))}</li>'
        for a in f.actions)
    return f'<div class="actions" data-light="{f.light}">{head}<ul>{items}</ul></div>'


def _actions_words(f: Finding, lang: Lang) -> str:
    """The finding's light and actions as plain text, after its explanation in the matrix's detail."""
    if f.status not in (Status.GAP, Status.NOT_ASSESSED) or f.light is None:
        return ""
    parts = [f"{word('light', lang).capitalize()}: {light_word(f.light, lang)}."]
    parts += [f"{word('action', lang)}: {action_text(a, lang)}." for a in f.actions] or \
        [f"{word('no_action', lang).capitalize()}."]
    return " " + " ".join(parts)


# ------------------------------------------------------------------------------------------- the matrix


@attrs.frozen
class MatrixTotals:
    """What the matrix needs besides its rows, gathered from all bodies (so that the rows can be rendered
    one body at a time, and the page put together without the findings: :func:`matrix_page`)."""

    ruleset: RulesetInfo | tuple[RulesetInfo, ...]
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
    gaps: Sequence[tuple[ProfileInfo, int]]
    """Bodies with a gap, most gaps first (see most_gaps): every one, or at least as many as are shown."""
    warnings: Collection[Warning]
    """In the report's order (read once per page: a streamed run keeps them on disk)."""
    replaced: frozenset[str] = frozenset()
    """The obligations whose part had been replaced on the check date (not applicable for every body, and
    counted apart in the summary)."""

    def replaced_counts(self) -> tuple[dict[str, int], int]:
        """Per focus area and in total, how many of the not-applicable findings do not apply because their
        part had been replaced."""
        per_area: dict[str, int] = {}
        for c in self.columns:
            if c.id in self.replaced:
                n = self.per_column.get((c.id, Status.NOT_APPLICABLE.value), 0)
                per_area[c.focus_area] = per_area.get(c.focus_area, 0) + n
        return per_area, sum(per_area.values())


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
    row = [f'<tr class="body" data-kind="{_a(p.kind)}" data-profile="{_a(p.id)}" data-name="{_a(p.name)}">',
           f'<th scope="row" title="{_a(p.id)}"><button type="button" class="body">{_a(p.name)}</button>'
           + (' <span class="star" title="' + _a(word("illustrative", lang)) + '">*</span><span class="vh"> ('
              + _a(word("illustrative", lang)) + ")</span>" if p.illustrative else "")
           + "</th>", f'<td class="kind">{_a(kind_label(p.kind, lang))}</td>']
    found = {s.value: 0 for s in STATUSES}
    ruleset_cells = bool(columns) and columns[0].ruleset != columns[-1].ruleset  # several: say whose each is
    for c in columns:
        f = cells.get(c.id)
        if f is None:
            row.append(f'<td class="empty" data-area="{_a(c.focus_area)}"></td>')
            continue
        found[f.status.value] += 1
        head = f"{p.name} · {f.obligation} – {f.title.get(lang)}: {f.status.label(lang)}"
        replaced = f.replaced if f.status is Status.NOT_APPLICABLE else None
        if replaced is not None:  # the cell says by what, and that it is not part of the check
            head += f" ({replaced.words(lang)})"
        cite = f"{word('source', lang)}: {citation_text(f.citation, lang)}"
        explained = f.explanation(lang) + _actions_words(f, lang)
        row.append(
            f'<td class="cell s-{f.status.value}" data-status="{f.status.value}" data-area="{_a(c.focus_area)}" '
            + (f'data-ruleset="{_a(c.ruleset)}" ' if c.ruleset and ruleset_cells else "")
            + (f'data-light="{f.light}" ' if f.light else "")
            + ('data-replaced="" ' if replaced is not None else "") +
            f'data-obligation="{_a(c.id)}" title="{_a(head + chr(10) + explained)}" '
            f'data-head="{_a(head)}" data-explanation="{_a(explained)}" data-citation="{_a(cite)}">'
            f"{STATUS_SYMBOLS[f.status.value]}</td>")
    row += [f'<td class="tot" data-total="{s.value}">{found[s.value]}</td>' for s in STATUSES]
    lit = body_light(cells.values())
    row.append(f'<td class="light l-{lit}" data-light="{lit}">{_a(light_word(lit, lang))}</td>' if lit else
               '<td class="light"></td>')
    row.append("</tr>")
    return "".join(row)


def matrix_totals(report: Report) -> MatrixTotals:
    """The :class:`MatrixTotals` of a whole report."""
    columns = obligation_columns(report)
    per_column: Counter[tuple[str, str]] = Counter((f.obligation, f.status.value) for f in report.findings)
    return MatrixTotals(report.ruleset_infos, report.as_of, report.engine, columns, len(report.profiles),
                        len(report.findings), any(p.illustrative for p in report.profiles),
                        tuple(sorted({p.kind for p in report.profiles}, key=_kind_rank)), per_column,
                        area_status_counts(report), report.counts, most_gaps(report, len(report.profiles)),
                        report.warnings, replaced_obligations(report))


def matrix_page(totals: MatrixTotals, rows: Iterable[str], lang: Lang) -> Iterator[str]:
    """The matrix page in pieces (their concatenation is the page), with ``rows`` (from :func:`matrix_row`,
    in :func:`matrix_row_key` order) in its table: rows are taken one at a time, never all held."""
    title = fill(H["matrix_title"], lang, subject=subject_words(totals.ruleset, lang))
    columns = totals.columns
    areas = _areas(columns)
    body = _header_lines(totals.ruleset, totals.as_of, totals.engine, totals.illustrative, title, lang)
    extent = fill(H["bodies_count"], lang, n=totals.profiles, m=len(columns), k=totals.findings)
    body.append(f'<p class="meta" id="extent">{_a(extent)}</p>')
    body.append('<div class="controls">')
    body += _legend(lang, totals.illustrative)
    body += ['<section id="filters">', f"<h2>{_a(H['filters'].get(lang))}</h2>",
             f'<label>{_a(word("kind", lang))} <select id="filter-kind">',
             f'<option value="">{_a(word("all", lang))}</option>']
    body += [f'<option value="{_a(k)}">{_a(kind_label(k, lang))}</option>' for k in totals.kinds]
    area = area_word(totals.ruleset, lang, capital=True)
    body += ["</select></label>", f'<label>{_a(area)} <select id="filter-area">',
             f'<option value="">{_a(word("all", lang))}</option>']
    body += [f'<option value="{_a(a)}">{_a(area_label(a, lang))}</option>' for a, _ in areas]
    body += ["</select></label>",
             f'<label id="search-box">{_a(H["search"].get(lang))} <input type="search" id="search" '
             f'autocomplete="off"></label>',
             f'<p class="meta" id="shown" aria-live="polite">'
             f'{_a(H["shown"].get(lang).format(n=totals.profiles, m=totals.profiles))}</p>',
             "</section>", "</div>", f'<p class="hint">{_a(H["keys"].get(lang))}</p>']

    total_label = f"{word('total', lang)} {H['per_body'].get(lang)}"

    def sortable(label: str, key: str, attrs: str = "") -> str:
        what = H["sort_by"].get(lang).format(what=label.lower())
        return (f'<th scope="col"{attrs} data-sort="{_a(key)}"><button type="button" class="sort" title="{_a(what)}">'
                f"{_a(label)}</button></th>")

    body += ['<div id="matrix-wrap">', '<table id="matrix">',
             f'<caption>{_a(H["matrix_label"].get(lang))}</caption>', "<thead>", "<tr>",
             sortable(word("body", lang), "name", ' rowspan="2" class="name"'),
             sortable(word("kind", lang), "kind", ' rowspan="2"')]
    body += [f'<th class="area" scope="colgroup" data-area="{_a(a)}" colspan="{n}" title="{_a(area_label(a, lang))}">'
             f'{_a(a)}<span class="vh"> {_a(area_label(a, lang))}</span></th>' for a, n in areas]
    body += [f'<th class="area" scope="colgroup" colspan="{len(STATUSES)}">{_a(total_label)}</th>',
             f'<th class="area light" scope="col" rowspan="2">{_a(word("light", lang).capitalize())}</th>', "</tr>",
             "<tr>"]
    body += [f'<th class="ob" scope="col" data-area="{_a(c.focus_area)}" data-obligation="{_a(c.id)}" '
             f'title="{_a(c.id + " – " + c.title.get(lang))}"><span>{_a(c.id)}</span>'
             f'<span class="vh"> – {_a(c.title.get(lang))}</span></th>' for c in columns]
    body += [f'<th scope="col" class="tot s-{s.value} cell" title="{_a(s.label(lang))}" data-sort="{s.value}">'
             f'<button type="button" class="sort" title="{_a(H["sort_by"].get(lang).format(what=s.label(lang)))}">'
             f"{STATUS_SYMBOLS[s.value]}</button></th>" for s in STATUSES]
    body += ["</tr>", "</thead>", "<tbody>"]
    yield "\n".join([*_page_head(title, lang), *body]) + "\n"
    for row in rows:
        yield row + "\n"
    tail = ["</tbody>", "<tfoot>"]
    for s in STATUSES:
        row_parts = [f'<tr class="totals" data-status="{s.value}">',
                     f'<th scope="row" colspan="2"><span class="cell s-{s.value}">{STATUS_SYMBOLS[s.value]}</span> '
                     f"{_a(s.label(lang))}</th>"]
        grand = 0
        for c in columns:
            n = totals.per_column.get((c.id, s.value), 0)
            grand += n
            row_parts.append(f'<td class="tot" data-area="{_a(c.focus_area)}" data-obligation="{_a(c.id)}">{n}</td>')
        row_parts += [f'<td class="{"tot grand" if t is s else "blank"}">{grand if t is s else ""}</td>'
                      for t in STATUSES]
        row_parts.append('<td class="blank"></td></tr>')
        tail.append("".join(row_parts))
    tail += ["</tfoot>", "</table>", "</div>"]
    tail += ['<section id="detail" tabindex="-1">', f"<h2>{_a(H['detail'].get(lang))}</h2>",
             f'<div id="detail-body" aria-live="polite">{_a(H["detail_hint"].get(lang))}</div>', "</section>"]
    tail += _summary_lines(totals.ruleset, totals.per_area, totals.total, totals.gaps[:10], lang,
                           totals.replaced_counts())
    tail += _warning_lines(totals.warnings, lang)
    script = SCRIPT.replace("%STATUSES%", "[" + ",".join(f"'{s.value}'" for s in STATUSES) + "]").replace(
        "%TEXTS%", json.dumps({"shown": H["shown"].get(lang)}, ensure_ascii=False).replace("<", "\\u003c"))
    yield "\n".join([*tail, *_page_tail(script), ""])


def render_matrix(report: Report, lang: Lang) -> str:
    columns = obligation_columns(report)
    by_cell: dict[str, dict[str, Finding]] = {}
    for f in report.findings:
        by_cell.setdefault(f.profile, {})[f.obligation] = f
    rows = (matrix_row(p, by_cell.get(p.id, {}), columns, lang)
            for p in sorted(report.profiles, key=matrix_row_key))
    return "".join(matrix_page(matrix_totals(report), rows, lang))


def _summary_lines(infos: RulesetInfo | Sequence[RulesetInfo], per_area: Mapping[str, Mapping[str, int]],
                   total: Mapping[str, int], ranked: Sequence[tuple[ProfileInfo, int]], lang: Lang,
                   replaced: tuple[Mapping[str, int], int] = ({}, 0)) -> list[str]:
    """The counts per status per area (with a column for the replaced among the not applicable, when some
    part had been replaced) and the bodies with the most gaps."""
    by_area, replaced_total = replaced
    extra = (f'<th scope="col" class="replaced">{_a(H["replaced"].get(lang))}</th>' if replaced_total else "")
    out = ['<section id="summary">', f"<h2>{_a(per_area_title(infos, lang))}</h2>", '<div class="wide">',
           '<table id="area-summary">',
           f'<thead><tr><th scope="col">{_a(area_word(infos, lang, capital=True))}</th>'
           + "".join(f'<th scope="col" class="cell s-{s.value}">{_a(s.label(lang))}</th>' for s in STATUSES)
           + extra + "</tr></thead>",
           "<tbody>"]
    for area, found in per_area.items():
        out.append(f'<tr data-area-summary="{_a(area)}"><th scope="row">{_a(area_label(area, lang))}</th>'
                   + "".join(f'<td data-status="{s}">{n}</td>' for s, n in found.items())
                   + (f'<td data-replaced="">{by_area.get(area, 0)}</td>' if replaced_total else "") + "</tr>")
    out.append(f"<tr><th scope=\"row\">{_a(word('total', lang))}</th>"
               + "".join(f'<td data-status="{s}">{n}</td>' for s, n in total.items())
               + (f'<td data-replaced="">{replaced_total}</td>' if replaced_total else "") + "</tr>")
    out += ["</tbody>", "</table>", "</div>", f"<h2>{_a(word('most_gaps', lang))}</h2>"]
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
