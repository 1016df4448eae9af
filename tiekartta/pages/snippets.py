"""Small pieces of pages for hand-written Markdown (used through macros.py)."""

from __future__ import annotations

from ..model import Roadmap
from .render import render


def theme_card(roadmap: Roadmap, theme_id: str, here: str) -> str:
    theme = roadmap.theme_by_id.get(theme_id)
    if theme is None:
        known = ", ".join(roadmap.theme_by_id)
        raise ValueError(f"teemakortti: teemaa '{theme_id}' ei ole. Teemat: {known}")
    return render(
        "snippets/theme_card.md.j2", here, theme=theme,
        outputs=roadmap.outputs_for_theme(theme.id), events=roadmap.events_for_theme(theme.id),
    )


def outputs_by_municipality_table(roadmap: Roadmap, here: str) -> str:
    rows = [(m, len(roadmap.outputs_for_municipality(m.id))) for m in roadmap.municipalities]
    return render("snippets/outputs_by_municipality.md.j2", here, rows=rows,
                  without=len(roadmap.outputs_without_municipality()))


def counts_list(roadmap: Roadmap) -> str:
    return render("snippets/counts.md.j2", "index.md", counts=roadmap.counts())


def inaccessible_materials_list(roadmap: Roadmap, here: str) -> str:
    """The accessibility statement's list of the outputs' files marked not accessible (306/2019)."""
    return render("snippets/inaccessible_materials.md.j2", here, items=roadmap.inaccessible_materials())
