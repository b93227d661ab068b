"""What a PDF's pages draw: every content-stream operator with the CTM and the resources in
force, through nested Form XObjects; and the resource dictionaries they reach."""
from __future__ import annotations

import dataclasses
import itertools
from typing import Iterator

import pikepdf

DICTIONARIES = (pikepdf.Dictionary, pikepdf.Stream)


@dataclasses.dataclass(frozen=True)
class Mark:
    """One content-stream operator as painted on a page, with the CTM and resources in force."""

    page: int
    operator: str
    operands: list
    ctm: pikepdf.Matrix
    resources: pikepdf.Dictionary
    forms: tuple[int, ...] = ()
    """The form invocations it is drawn inside, outermost first: a number per Do on the page,
    so that two uses of one form differ and a reader can restore the state around each."""


def entries(resources: pikepdf.Object, category: str) -> list[tuple[str, pikepdf.Object]]:
    listed = resources.get(category) if isinstance(resources, pikepdf.Dictionary) else None
    return list(listed.items()) if isinstance(listed, pikepdf.Dictionary) else []


def resource(resources: pikepdf.Object, category: str, name: str) -> pikepdf.Object | None:
    return dict(entries(resources, category)).get(str(name))


def resource_tree(pdf: pikepdf.Pdf) -> Iterator[tuple[int, pikepdf.Dictionary]]:
    """Every resource dictionary reachable from each page: its own, and those of its forms,
    tiling patterns and Type 3 fonts, nested; each one once, with the first page that has it."""
    seen: set[tuple[int, int]] = set()
    for number, page in enumerate(pdf.pages, 1):
        pending = [page.get_resources()]
        while pending:
            resources = pending.pop()
            if not isinstance(resources, pikepdf.Dictionary) or resources.objgen in seen:
                continue
            if resources.is_indirect:
                seen.add(resources.objgen)
            yield number, resources
            pending += [entry.Resources for category in ("/XObject", "/Pattern", "/Font")
                        for _, entry in entries(resources, category)
                        if isinstance(entry, DICTIONARIES) and "/Resources" in entry]


# The operators that draw a named resource, and the category of resources they name it in.
USES = {"Do": "/XObject", "Tf": "/Font", "sh": "/Shading", "gs": "/ExtGState",
        "cs": "/ColorSpace", "CS": "/ColorSpace", "scn": "/Pattern", "SCN": "/Pattern"}


def first_uses(marks: list[Mark]) -> dict[tuple | None, int]:
    """The first page that draws each resource, keyed by _use_key."""
    uses: dict[tuple | None, int] = {}
    for mark in marks:
        names = [str(operand) for operand in mark.operands if isinstance(operand, pikepdf.Name)]
        if mark.operator in USES and names:
            uses.setdefault(use_key(mark.resources, USES[mark.operator], names[0]), mark.page)
    uses.pop(None, None)
    return uses


def use_key(resources: pikepdf.Object, category: str, name: str) -> tuple | None:
    """What identifies a resource in every resource dictionary that lists it."""
    entry = resource(resources, category, name)
    if entry is not None and entry.is_indirect:
        return entry.objgen
    return (resources.objgen, category, name) if resources.is_indirect else None


def marks(pdf: pikepdf.Pdf) -> Iterator[Mark]:
    for number, page in enumerate(pdf.pages, 1):
        unit = float(page.obj.get("/UserUnit", 1))
        where = _Where(number, (), (), itertools.count())
        yield from _walk(where, page, page.get_resources(), pikepdf.Matrix(unit, 0, 0, unit, 0, 0))


@dataclasses.dataclass(frozen=True)
class _Where:
    """The page being walked and the forms open on it: their objects and their invocations."""

    page: int
    open_forms: tuple
    invocations: tuple[int, ...]
    counter: itertools.count


def _walk(where: _Where, content: pikepdf.Object | pikepdf.Page, resources: pikepdf.Object,
          ctm: pikepdf.Matrix) -> Iterator[Mark]:
    """The operators of one content stream, following the CTM through q, Q and cm and
    descending into every Form XObject it draws."""
    saved: list[pikepdf.Matrix] = []
    for operands, operator in pikepdf.parse_content_stream(content):
        name = str(operator)
        if name == "q":
            saved.append(ctm)
        elif name == "Q" and saved:
            ctm = saved.pop()
        elif name == "cm":
            ctm = pikepdf.Matrix(*(float(value) for value in operands)) @ ctm
        yield Mark(where.page, name, list(operands), ctm, resources, where.invocations)
        if name == "Do":
            form = resource(resources, "/XObject", operands[0])
            yield from _enter_form(where, form, resources, ctm)


def _enter_form(where: _Where, form: pikepdf.Object | None, resources: pikepdf.Object,
                ctm: pikepdf.Matrix) -> Iterator[Mark]:
    # A form that draws itself, directly or not, would never end; it is walked once.
    if form is None or form.get("/Subtype") != "/Form" or form.objgen in where.open_forms:
        return
    matrix = pikepdf.Matrix(form.get("/Matrix", pikepdf.Array([1, 0, 0, 1, 0, 0])))
    inside = dataclasses.replace(where, open_forms=(*where.open_forms, form.objgen),
                                 invocations=(*where.invocations, next(where.counter)))
    yield from _walk(inside, form, form.get("/Resources", resources), matrix @ ctm)


def pattern_marks(mark: Mark) -> Iterator[Mark]:
    """What a tiling pattern's cell draws, when `mark` makes the pattern the colour to
    paint with (scn or SCN naming it): a background image is drawn so. Pattern space is
    the page's default space transformed by the pattern's /Matrix."""
    if mark.operator not in ("scn", "SCN") or not mark.operands \
            or not isinstance(mark.operands[-1], pikepdf.Name):
        return
    pattern = resource(mark.resources, "/Pattern", mark.operands[-1])
    if not isinstance(pattern, pikepdf.Stream) or pattern.get("/PatternType") != 1:
        return
    matrix = pikepdf.Matrix(pattern.get("/Matrix", pikepdf.Array([1, 0, 0, 1, 0, 0])))
    where = _Where(mark.page, (pattern.objgen,), mark.forms, itertools.count())
    yield from _walk(where, pattern, pattern.get("/Resources", mark.resources), matrix)


def placed_image(mark: Mark) -> pikepdf.Object | None:
    if mark.operator == "INLINE IMAGE":
        return mark.operands[0].obj
    if mark.operator != "Do":
        return None
    image = resource(mark.resources, "/XObject", mark.operands[0])
    return image if image is not None and image.get("/Subtype") == "/Image" else None
