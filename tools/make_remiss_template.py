"""Write the Word template of the remiss draft, ``tsp_rules/cycle/remiss/template.docx``, from the XML below.

The template is the project's own (not python-docx's default, which carries a thumbnail, customXml, an
American page and blue headings): A4 with 2.5 cm margins, Swedish (sv-SE) proofing in every style, Arial,
plain black headings, lists, a grid table style, a header with placeholders for the förvaltning, the document
kind, the dnr and the date, and a footer "Sida X (Y)". Run ``python tools/make_remiss_template.py`` after a
change here; the output is byte-identical for the same script.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

TARGET = Path(__file__).resolve().parent.parent / "tsp_rules" / "cycle" / "remiss" / "template.docx"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
LANG = '<w:lang w:val="sv-SE" w:eastAsia="sv-SE" w:bidi="ar-SA"/>'
FONT = '<w:rFonts w:ascii="Arial" w:hAnsi="Arial" w:eastAsia="Arial" w:cs="Arial"/>'
LIST = '<w:spacing w:after="60"/><w:ind w:left="360" w:hanging="360"/>'
BORDER = 'w:val="single" w:sz="4" w:space="0" w:color="000000"'
TEXT_WIDTH = 9066  # A4 (11906 twips) less two 2.5 cm margins (1420 each)

OOXML = "application/vnd.openxmlformats-officedocument."
PACKAGE = "http://schemas.openxmlformats.org/package/2006/"
OFFICE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
TYPES = {"/word/document.xml": OOXML + "wordprocessingml.document.main+xml",
         "/word/styles.xml": OOXML + "wordprocessingml.styles+xml",
         "/word/numbering.xml": OOXML + "wordprocessingml.numbering+xml",
         "/word/settings.xml": OOXML + "wordprocessingml.settings+xml",
         "/word/header1.xml": OOXML + "wordprocessingml.header+xml",
         "/word/footer1.xml": OOXML + "wordprocessingml.footer+xml",
         "/docProps/core.xml": "application/vnd.openxmlformats-package.core-properties+xml",
         "/docProps/app.xml": OOXML + "extended-properties+xml"}
CONTENT_TYPES = (HEAD + f'<Types xmlns="{PACKAGE}content-types">'
                 '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                 '<Default Extension="xml" ContentType="application/xml"/>'
                 + "".join(f'<Override PartName="{k}" ContentType="{v}"/>' for k, v in TYPES.items()) + "</Types>")


def _rels(*targets: tuple[str, str]) -> str:
    items = "".join(f'<Relationship Id="rId{i}" Type="{kind}" Target="{target}"/>'
                    for i, (kind, target) in enumerate(targets, 1))
    return HEAD + f'<Relationships xmlns="{PACKAGE}relationships">{items}</Relationships>'


RELS = _rels((OFFICE + "officeDocument", "word/document.xml"),
             (PACKAGE + "relationships/metadata/core-properties", "docProps/core.xml"),
             (OFFICE + "extended-properties", "docProps/app.xml"))
DOCUMENT_RELS = _rels((OFFICE + "styles", "styles.xml"), (OFFICE + "numbering", "numbering.xml"),
                      (OFFICE + "settings", "settings.xml"), (OFFICE + "header", "header1.xml"),
                      (OFFICE + "footer", "footer1.xml"))

DOCUMENT = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="{W}" xmlns:r="{R}"><w:body>
<w:sectPr><w:headerReference w:type="default" r:id="rId4"/><w:footerReference w:type="default" r:id="rId5"/>
<w:pgSz w:w="11906" w:h="16838"/>
<w:pgMar w:top="1985" w:right="1420" w:bottom="1420" w:left="1420" w:header="709" w:footer="567" w:gutter="0"/>
</w:sectPr></w:body></w:document>"""


def _style(kind: str, sid: str, name: str, ppr: str = "", rpr: str = "", based: str = "Normal",
           extra: str = "") -> str:
    base = f'<w:basedOn w:val="{based}"/>' if based and sid != based else ""
    return (f'<w:style w:type="{kind}" w:styleId="{sid}"><w:name w:val="{name}"/>{base}{extra}'
            f'<w:qFormat/><w:pPr>{ppr}</w:pPr><w:rPr>{rpr}</w:rPr></w:style>')


def _heading(level: int, size: int, before: int) -> str:
    return _style("paragraph", f"Heading{level}", f"heading {level}",
                  f'<w:keepNext/><w:keepLines/><w:spacing w:before="{before}" w:after="80"/>'
                  f'<w:outlineLvl w:val="{level - 1}"/>',
                  f'<w:b/><w:color w:val="000000"/><w:sz w:val="{size}"/><w:szCs w:val="{size}"/>',
                  extra='<w:next w:val="Normal"/>')


STYLES = (f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="{W}">
<w:docDefaults><w:rPrDefault><w:rPr>{FONT}<w:color w:val="000000"/><w:sz w:val="22"/><w:szCs w:val="22"/>{LANG}</w:rPr>
</w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="120" w:line="264" w:lineRule="auto"/></w:pPr></w:pPrDefault>
</w:docDefaults>"""
          + _style("paragraph", "Normal", "Normal", based="", extra="")
          .replace('<w:style w:type="paragraph" w:styleId="Normal">',
                   '<w:style w:type="paragraph" w:default="1" w:styleId="Normal">')
          + _style("paragraph", "Title", "Title", '<w:spacing w:after="240"/>',
                   '<w:b/><w:sz w:val="32"/><w:szCs w:val="32"/>', extra='<w:next w:val="Normal"/>')
          + _heading(1, 28, 360) + _heading(2, 24, 240) + _heading(3, 22, 200)
          + _style("paragraph", "ListBullet", "List Bullet", '<w:numPr><w:numId w:val="1"/></w:numPr>' + LIST)
          + _style("paragraph", "ListNumber", "List Number", '<w:numPr><w:numId w:val="2"/></w:numPr>' + LIST)
          + _style("paragraph", "Header", "header", f'<w:tabs><w:tab w:val="right" w:pos="{TEXT_WIDTH}"/></w:tabs>'
                   '<w:spacing w:after="0"/>', '<w:sz w:val="18"/><w:szCs w:val="18"/>')
          + _style("paragraph", "Footer", "footer", '<w:jc w:val="center"/><w:spacing w:after="0"/>',
                   '<w:sz w:val="18"/><w:szCs w:val="18"/>')
          + _style("paragraph", "TableText", "Table Text", '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/>',
                   '<w:sz w:val="18"/><w:szCs w:val="18"/>')
          + """<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>
<w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>
<w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>
<w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/><w:basedOn w:val="TableNormal"/>
<w:tblPr><w:tblBorders>"""
          + "".join(f"<w:{side} {BORDER}/>" for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
          + "</w:tblBorders><w:tblCellMar>"
          + "".join(f'<w:{side} w:w="{w}" w:type="dxa"/>' for side, w in (("top", 40), ("left", 80), ("bottom", 40),
                                                                         ("right", 80)))
          + "</w:tblCellMar></w:tblPr></w:style></w:styles>")

NUMBERING = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering xmlns:w="{W}">
<w:abstractNum w:abstractNumId="0"><w:multiLevelType w:val="singleLevel"/><w:lvl w:ilvl="0">
<w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="–"/><w:lvlJc w:val="left"/>
<w:pPr><w:ind w:left="360" w:hanging="360"/></w:pPr><w:rPr>{FONT}</w:rPr></w:lvl></w:abstractNum>
<w:abstractNum w:abstractNumId="1"><w:multiLevelType w:val="singleLevel"/><w:lvl w:ilvl="0">
<w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/><w:lvlJc w:val="left"/>
<w:pPr><w:ind w:left="360" w:hanging="360"/></w:pPr></w:lvl></w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>
</w:numbering>"""

SETTINGS = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:settings xmlns:w="{W}"><w:defaultTabStop w:val="1304"/><w:hyphenationZone w:val="425"/>
<w:characterSpacingControl w:val="doNotCompress"/><w:compat><w:compatSetting w:name="compatibilityMode"
w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>
<w:themeFontLang w:val="sv-SE"/><w:decimalSymbol w:val=","/><w:listSeparator w:val=";"/></w:settings>"""


def _run(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'


def _field(code: str, shown: str) -> str:
    return f'<w:fldSimple w:instr=" {code} "><w:r><w:t>{shown}</w:t></w:r></w:fldSimple>'


# The header's placeholders (one run each) are replaced when the draft is written.
HEADER = (f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:hdr xmlns:w="{W}" xmlns:r="{R}">"""
          + '<w:p><w:pPr><w:pStyle w:val="Header"/></w:pPr><w:r><w:rPr><w:b/></w:rPr><w:t>{forvaltning}</w:t></w:r>'
          + '<w:r><w:tab/></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>{doc}</w:t></w:r></w:p>'
          + '<w:p><w:pPr><w:pStyle w:val="Header"/></w:pPr><w:r><w:tab/></w:r>' + _run("{dnr}") + "</w:p>"
          + '<w:p><w:pPr><w:pStyle w:val="Header"/><w:spacing w:after="240"/></w:pPr><w:r><w:tab/></w:r>'
          + _run("{datum}") + "</w:p></w:hdr>")

FOOTER = (f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:ftr xmlns:w="{W}" xmlns:r="{R}"><w:p><w:pPr><w:pStyle w:val="Footer"/></w:pPr>"""
          + _run("{page} ") + _field("PAGE", "1") + _run(" (") + _field("NUMPAGES", "1") + _run(")")
          + "</w:p></w:ftr>")

CORE = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"
xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:language>sv-SE</dc:language></cp:coreProperties>"""

APP = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>tsp-check</Application></Properties>"""

PARTS = {"[Content_Types].xml": CONTENT_TYPES, "_rels/.rels": RELS, "word/_rels/document.xml.rels": DOCUMENT_RELS,
         "word/document.xml": DOCUMENT, "word/styles.xml": STYLES, "word/numbering.xml": NUMBERING,
         "word/settings.xml": SETTINGS, "word/header1.xml": HEADER, "word/footer1.xml": FOOTER,
         "docProps/core.xml": CORE, "docProps/app.xml": APP}


def main() -> None:
    with zipfile.ZipFile(TARGET, "w", zipfile.ZIP_DEFLATED) as z:
        for name, xml in PARTS.items():
            entry = zipfile.ZipInfo(name, date_time=(2000, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            z.writestr(entry, xml)
    print(f"wrote {TARGET}")


if __name__ == "__main__":
    main()
