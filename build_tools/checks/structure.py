"""Structure: headings, lists, tables, images, footnotes, admonitions and code correspond."""
from __future__ import annotations

import difflib
import re

from build_tools.base.messages import N_, _

# Paragraphs may be split or joined in a good translation; these may not.
STRUCTURAL = ("list", "table", "image", "footnote", "admonition", "code", "quote", "html",
              "tab", "include", "abbreviation", "definitions")
NAMES = {"list": N_("list"), "table": N_("table"), "image": N_("image"),
         "footnote": N_("footnote"), "admonition": N_("admonition"), "code": N_("code block"),
         "quote": N_("quotation"), "html": N_("HTML block"), "tab": N_("tab"),
         "include": N_("included file"), "abbreviation": N_("abbreviations"),
         "definitions": N_("definition list")}
ANCHOR = re.compile(r"#([\w-]+)")
# Placeholders ({{path/to/file}}) and text in other scripts: what a translation of code
# may change. Each scan stops at the next brace or at an ASCII character: linear.
PLACEHOLDER = re.compile(r"\{\{[^{}]*\}\}|[^\x00-\x7f]+")
CODE_LINE = re.compile(r"`[^`\n]+`")
# Lining blocks up (difflib) takes time in the product of both sides' counts: beyond this,
# a section that hostile or huge is compared block by block in place.
ALIGNED_AT_MOST = 250_000


def check(context):
    for pair in context.pairs:
        if not pair.sections_align:
            yield _headings(context, pair)
            continue
        ids = {id(section): anchor for sections in (pair.source_sections,
                                                    pair.translated_sections)
               for section, anchor in zip(sections, _page_ids(context, sections))}
        for source, translation in pair.section_pairs():
            anchors = _anchors(source, translation, ids)
            if anchors:
                yield context.finding(
                    "structure-mismatch", pair.translation.display_path, translation.line,
                    _("the heading's id differs from the source ({expected} there, {found} "
                      "here); links to it from other pages and languages need the same id"
                      ).format(expected=anchors[0] or _("none"), found=anchors[1] or _("none")),
                    pair.lang, pair.source.rel, pair.source.display_path, source.line)
            problem = _first_difference(source, translation)
            if problem:
                line, source_line, message = problem
                yield context.finding("structure-mismatch", pair.translation.display_path, line,
                                      message, pair.lang, pair.source.rel,
                                      pair.source.display_path, source_line)


def _anchors(source, translation, ids) -> tuple[str | None, str | None] | None:
    """The ids a heading and its translation give themselves when the headings' ids differ,
    None when they agree. A heading without an id of its own has the one the site derives
    from its text: a translation may pin the source's derived id ('## 概要 { #overview }'),
    and headings that both go without an id need none."""
    anchors = (_anchor(source), _anchor(translation))
    if anchors == (None, None) or ids[id(source)] == ids[id(translation)]:
        return None
    return anchors


def _page_ids(context, sections) -> list[str | None]:
    """Each section's heading id on the site, as Python-Markdown's toc gives them: its own
    id, else one derived from its text and numbered when taken ('concepts_1')."""
    from markdown.extensions.toc import unique

    taken = {anchor[1:] for anchor in map(_anchor, sections) if anchor}
    ids = []
    for section in sections:
        anchor = _anchor(section)
        if section.heading is None:
            ids.append(None)
        elif anchor:
            ids.append(anchor)
        else:
            ids.append("#" + unique(context.slugify(section.title, "-"), taken))
    return ids


def _anchor(section) -> str | None:
    """The id a section's heading gives itself ('## Title { #title }'), as '#title'."""
    if section.heading is None:
        return None
    text = section.heading.text.rstrip()
    if not text.endswith("}"):
        return None
    # The trailing attribute list only, found from the end: linear on any heading.
    attributes = text[text.rfind("{", 0, len(text) - 1) + 1:]
    match = ANCHOR.search(attributes) if "}" not in attributes[:-1] else None
    return f"#{match[1]}" if match else None


def _headings(context, pair):
    source, translated = pair.source_sections, pair.translated_sections
    index = next((i for i, (a, b) in enumerate(zip(source, translated)) if a.level != b.level),
                 min(len(source), len(translated)))
    # Either page may have no section at all (an empty body).
    at_source = source[min(index, len(source) - 1)] if source else None
    at_translation = translated[min(index, len(translated) - 1)] if translated else None
    title = next((at.title for at in (at_source, at_translation) if at and at.title),
                 _("(opening)"))
    message = _("the headings do not correspond: the source has {source} sections, the "
                "translation {translation}; the first difference is at '{title}'").format(
        source=len(source), translation=len(translated), title=title)
    return context.finding("structure-mismatch", pair.translation.display_path,
                           at_translation.line if at_translation else pair.translation.body_line,
                           message, pair.lang, pair.source.rel, pair.source.display_path,
                           at_source.line if at_source else pair.source.body_line)


def _first_difference(source, translation):
    mine = [block for block in source.blocks if block.kind in STRUCTURAL]
    theirs = [block for block in translation.blocks if block.kind in STRUCTURAL]
    if len(mine) == len(theirs):
        return _by_place(source, translation, mine, theirs)
    # One side has blocks the other lacks: line the blocks up by their shapes and by the
    # code they show (the same in both languages; a line of code alone counts too), so that
    # the block reported is the one missing, not the last one of its kind.
    aligned = _aligned(source), _aligned(translation)
    if len(aligned[0]) * len(aligned[1]) > ALIGNED_AT_MOST:
        return _by_place(source, translation, mine, theirs)
    mine, theirs = aligned
    matcher = difflib.SequenceMatcher(None, [key for key, _block in mine],
                                      [key for key, _block in theirs], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        ours = [block for _key, block in mine[i1:i2] if block.kind in STRUCTURAL]
        others = [block for _key, block in theirs[j1:j2] if block.kind in STRUCTURAL]
        if tag == "equal" or (len(ours) == len(others) and all(
                a.shape == b.shape for a, b in zip(ours, others))):
            continue  # code whose placeholders or comments were translated
        if ours and others and ours[0].shape != others[0].shape and len(ours) == len(others):
            return others[0].line, ours[0].line, _describe(ours[0], others[0])
        if len(ours) > len(others):
            missing = ours[len(others)]
            # Where it would go: before the block now in its place, else after the last.
            at = theirs[j2][1].line if j2 < len(theirs) else (
                theirs[-1][1].line if theirs else translation.line)
            return (at, missing.line,
                    _("the translation lacks the source's {kind} at line {line}").format(
                        kind=_(NAMES[missing.kind]), line=missing.line))
        extra = others[len(ours)]
        return (extra.line, mine[i2][1].line if i2 < len(mine) else source.line,
                _("this {kind} of the translation is not in the source").format(
                    kind=_(NAMES[extra.kind])))
    return None


def _by_place(source, translation, mine, theirs):
    """The first block that differs, taken place by place (as many blocks on both sides, or
    a section too long to line up)."""
    for a, b in zip(mine, theirs):
        if a.shape != b.shape:
            return b.line, a.line, _describe(a, b)
    if len(mine) > len(theirs):
        missing = mine[len(theirs)]
        return ((theirs[-1].line if theirs else translation.line), missing.line,
                _("the translation lacks the source's {kind} at line {line}").format(
                    kind=_(NAMES[missing.kind]), line=missing.line))
    if len(theirs) > len(mine):
        extra = theirs[len(mine)]
        return (extra.line, source.line, _("this {kind} of the translation is not in the "
                                           "source").format(kind=_(NAMES[extra.kind])))
    return None


def _aligned(section) -> list[tuple[tuple, object]]:
    """The blocks that line a section up with its counterpart, each with its key: its
    structural blocks by shape, code (and a paragraph that is a line of code alone) by the
    code without placeholders ({{path}}) and words in other scripts (translated comments)."""
    keyed = []
    for block in section.blocks:
        text = block.text.strip()
        if block.kind == "code" or (block.kind == "paragraph" and CODE_LINE.fullmatch(text)):
            keyed.append((("code", " ".join(PLACEHOLDER.sub(" ", text).split())), block))
        elif block.kind in STRUCTURAL:
            keyed.append((block.shape, block))
    return keyed


def _describe(a, b) -> str:
    if a.kind != b.kind:
        return _("the source has a {expected} where the translation has a {found}").format(
            expected=_(NAMES[a.kind]), found=_(NAMES[b.kind]))
    if a.kind == "list" and a.level != b.level:
        return _("the list has {expected} items in the source and {found} here").format(
            expected=a.level, found=b.level)
    if a.kind == "list":
        return _("the list's items hold {expected} items of lists inside them in the source "
                 "and {found} here").format(expected=a.columns, found=b.columns)
    if a.kind == "abbreviation":
        return _("the source defines {expected} abbreviations here, the translation "
                 "{found}").format(expected=a.level, found=b.level)
    if a.kind == "definitions":
        return _("the definition list has {terms} terms and {definitions} definitions in the "
                 "source, {found_terms} and {found_definitions} here").format(
                     terms=a.level, definitions=a.columns, found_terms=b.level,
                     found_definitions=b.columns)
    if a.kind == "table":
        return _("the table has {rows} rows and {columns} columns in the source, {found_rows} "
                 "and {found_columns} here").format(rows=a.level, columns=a.columns,
                                                    found_rows=b.level, found_columns=b.columns)
    return _("the {kind} differs from the source ({expected} there, {found} here)").format(
        kind=_(NAMES[a.kind]), expected=a.detail, found=b.detail)
