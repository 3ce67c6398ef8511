"""Assemble the report into one self-contained HTML page (inline CSS, base64 PNG figures).

Nothing is fetched from the network when the page is opened: no scripts, no fonts, no CDN.
"""

import base64
import io
from dataclasses import dataclass, field
from html import escape

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

PAGE_LINK = "/"  # the report is served at /reporte, beside the page at /

CSS = """
:root { --ink: #1f2328; --muted: #5b6470; --line: #d8dee4; --accent: #2f6f9f; --bg: #fafbfc; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial,
       sans-serif; color: var(--ink); background: var(--bg); }
main { max-width: 1100px; margin: 0 auto; padding: 1rem 1rem 3rem; }
h1 { font-size: 1.7rem; margin: 0.6rem 0 0.2rem; }
h2 { font-size: 1.3rem; margin: 2.2rem 0 0.6rem; padding-top: 0.4rem; border-top: 2px solid var(--line); }
h3 { font-size: 1.05rem; margin: 1.4rem 0 0.4rem; }
p { margin: 0.5rem 0; overflow-wrap: anywhere; }
.meta { color: var(--muted); font-size: 0.9rem; }
.back { margin: 0.2rem 0 0; font-size: 0.92rem; }
.note { background: #fff8e1; border-left: 4px solid #e0a800; padding: 0.5rem 0.8rem; }
nav.toc { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 0.6rem 1rem; }
nav.toc h2 { border: 0; margin: 0.2rem 0; padding: 0; font-size: 1.05rem; }
nav.toc ol { margin: 0.3rem 0; padding-left: 1.4rem; columns: 2 18rem; }
a { color: var(--accent); }
.kpis { display: grid; grid-template-columns: repeat(auto-fit, minmax(9.5rem, 1fr)); gap: 0.6rem; margin: 1rem 0; }
.kpi { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 0.5rem 0.7rem; }
.kpi b { display: block; font-size: 1.35rem; }
.kpi span { color: var(--muted); font-size: 0.85rem; }
.grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 460px), 1fr)); gap: 1rem; }
figure { margin: 0.8rem 0; background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 0.5rem; }
figure img { display: block; max-width: 100%; height: auto; margin: 0 auto; }
figcaption { font-size: 0.92rem; color: var(--ink); padding: 0.4rem 0.2rem 0.1rem; }
.table-wrap { overflow-x: auto; margin: 0.8rem 0; background: #fff; border: 1px solid var(--line); border-radius: 8px; }
table { border-collapse: collapse; width: 100%; font-size: 0.9rem; }
caption { text-align: left; padding: 0.5rem 0.6rem; color: var(--muted); font-size: 0.88rem; }
th, td { padding: 0.35rem 0.6rem; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
th { background: #f1f4f7; font-weight: 600; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.total td { font-weight: 600; }
@media (max-width: 600px) { body { font-size: 15px; } main { padding: 0.6rem; } h1 { font-size: 1.4rem; } }
"""


def figure_html(fig: Figure, caption: str) -> str:
    """A figure as an embedded PNG (at the figure's own dpi) with its caption, also the alt text."""
    FigureCanvasAgg(fig)  # the Agg canvas, explicitly: no GUI backend, no pyplot state
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi="figure", facecolor="white")
    encoded = base64.b64encode(buffer.getvalue()).decode("ascii")
    width, height = (round(v) for v in fig.get_size_inches() * fig.dpi)
    # shown at its natural size at most (never blown up), shrunk to fit narrow screens
    return (f'<figure><img src="data:image/png;base64,{encoded}" width="{width}" height="{height}" '
            f'alt="{escape(caption)}">'
            f"<figcaption>{escape(caption)}</figcaption></figure>")


def grid(*blocks: str) -> str:
    return '<div class="grid">' + "".join(blocks) + "</div>"


def table_html(headers: list[str], rows: list[list], numeric: set[int] = frozenset(), caption: str | None = None,
               table_id: str | None = None, row_attrs: list[dict] | None = None,
               total_rows: set[int] = frozenset()) -> str:
    """A plain table; cells are escaped; columns in `numeric` are right-aligned."""
    head = "".join(f'<th class="n">{escape(h)}</th>' if i in numeric else f"<th>{escape(h)}</th>"
                   for i, h in enumerate(headers))
    body = []
    for r, row in enumerate(rows):
        attrs = "".join(f' data-{escape(k)}="{escape(str(v))}"' for k, v in (row_attrs[r] if row_attrs else {}).items())
        css = ' class="total"' if r in total_rows else ""
        cells = "".join(f'<td class="n">{escape(str(v))}</td>' if i in numeric else f"<td>{escape(str(v))}</td>"
                        for i, v in enumerate(row))
        body.append(f"<tr{css}{attrs}>{cells}</tr>")
    ident = f' id="{escape(table_id)}"' if table_id else ""
    cap = f"<caption>{escape(caption)}</caption>" if caption else ""
    return (f'<div class="table-wrap"><table{ident}>{cap}<thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(body)}</tbody></table></div>")


def paragraph(text: str, note: bool = False) -> str:
    return f'<p class="note">{escape(text)}</p>' if note else f"<p>{escape(text)}</p>"


def kpis(items: list[tuple[str, str]]) -> str:
    cells = "".join(f'<div class="kpi"><b>{escape(value)}</b><span>{escape(label)}</span></div>'
                    for value, label in items)
    return f'<div class="kpis">{cells}</div>'


@dataclass
class Section:
    anchor: str
    title: str
    blocks: list[str] = field(default_factory=list)  # HTML fragments, already escaped


def render_page(title: str, meta: str, sections: list[Section]) -> str:
    toc = "".join(f'<li><a href="#{escape(s.anchor)}">{escape(s.title)}</a></li>' for s in sections)
    body = "".join(
        f'<section id="{escape(s.anchor)}"><h2>{number}. {escape(s.title)}</h2>{"".join(s.blocks)}</section>'
        for number, s in enumerate(sections, start=1)
    )
    return (
        '<!DOCTYPE html>\n<html lang="es">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n"
        f'<header><p class="back"><a href="{PAGE_LINK}">← Volver a la página de consultas</a></p>'
        f'<h1>{escape(title)}</h1><p class="meta">{escape(meta)}</p></header>\n'
        f'<nav class="toc" aria-label="Contenido"><h2>Contenido</h2><ol>{toc}</ol></nav>\n'
        f"{body}\n</main>\n</body>\n</html>\n"
    )
