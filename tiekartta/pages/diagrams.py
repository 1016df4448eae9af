"""Geometry for the build-time SVG diagrams (no client-side diagram library, no CDN)."""

from __future__ import annotations

from dataclasses import dataclass

from ..model.entities import GovernanceBody
from .render import wrap_lines

BOX_W, BOX_H, GAP, MARGIN = 230, 104, 64, 20
RECIPIENT_H = 84


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    w: float
    h: float
    lines: list[str]
    body: GovernanceBody | None = None  # None: a recipient of tasks, not a body of its own


@dataclass(frozen=True)
class Edge:
    path: str
    label_x: float
    label_y: float
    source: GovernanceBody
    target_body: GovernanceBody | None
    target_name: str
    label: str


@dataclass(frozen=True)
class Diagram:
    width: float
    height: float
    boxes: list[Box]
    edges: list[Edge]


def governance_diagram(bodies: tuple[GovernanceBody, ...]) -> Diagram:
    """Bodies in a row; relations as arrows (arcs above when they skip a box); the people a
    body gives tasks to in a row below it."""
    boxes: dict[str, Box] = {}
    top = 110
    for i, body in enumerate(bodies):
        boxes[body.id] = Box(MARGIN + i * (BOX_W + GAP), top, BOX_W, BOX_H, wrap_lines(body.name, 19), body)
    width = MARGIN * 2 + len(bodies) * BOX_W + max(len(bodies) - 1, 0) * GAP
    edges: list[Edge] = []
    extra: list[Box] = []
    arc = 0
    for body in bodies:
        src = boxes[body.id]
        for relation in body.relations:
            dst = boxes[relation.target]
            if abs(bodies.index(body) - bodies.index(dst.body)) == 1:
                y = top + BOX_H / 2
                x1, x2 = (src.x + src.w, dst.x) if src.x < dst.x else (src.x, dst.x + dst.w)
                path = f"M{x1} {y} L{x2} {y}"
                lx, ly = (x1 + x2) / 2, y - 22
            else:
                arc += 1
                lift = top - 30 - 30 * (arc - 1)
                x1, x2 = src.x + src.w / 2, dst.x + dst.w / 2
                path = f"M{x1} {top} C{x1} {lift} {x2} {lift} {x2} {top}"
                lx, ly = (x1 + x2) / 2, top - 8 - 30 * (arc - 1) - 14
            edges.append(Edge(path, lx, ly, body, dst.body, dst.body.name, relation.description))
        if body.assigns_to:
            count = len(body.assigns_to)
            w = (src.w - 10 * (count - 1)) / count if count > 1 else src.w
            w = max(w, 150)
            start = src.x + src.w / 2 - (count * w + (count - 1) * 10) / 2
            for j, name in enumerate(body.assigns_to):
                box = Box(start + j * (w + 10), top + BOX_H + 90, w, RECIPIENT_H, wrap_lines(name, 14))
                extra.append(box)
                path = f"M{src.x + src.w / 2} {top + BOX_H} L{box.x + box.w / 2} {box.y}"
                edges.append(
                    Edge(path, (src.x + src.w / 2 + box.x + box.w / 2) / 2, top + BOX_H + 45, body, None, name,
                         "tehtäviä annetaan")
                )
    all_boxes = list(boxes.values()) + extra
    min_x = min(b.x for b in all_boxes)
    shift = MARGIN - min_x if min_x < MARGIN else 0
    if shift:
        all_boxes = [Box(b.x + shift, b.y, b.w, b.h, b.lines, b.body) for b in all_boxes]
    width = max(width + shift, max(b.x + b.w for b in all_boxes) + MARGIN)
    height = max(b.y + b.h for b in all_boxes) + MARGIN
    if shift:
        edges = [_shift_edge(e, shift) for e in edges]
    return Diagram(width, height, all_boxes, edges)


def _shift_edge(edge: Edge, dx: float) -> Edge:
    parts = edge.path.replace("M", "M ").replace("L", "L ").replace("C", "C ").split()
    out, is_x = [], True
    for part in parts:
        if part in ("M", "L", "C"):
            out.append(part)
            is_x = True
            continue
        out.append(str(float(part) + dx) if is_x else part)
        is_x = not is_x
    return Edge(" ".join(out), edge.label_x + dx, edge.label_y, edge.source, edge.target_body, edge.target_name, edge.label)
