"""The front matter editors write, declared as schema classes, one docstring per key."""
from __future__ import annotations

import re

from build_tools.base.messages import N_, _
from build_tools.content.editions import BINDING_PAGE_MULTIPLE
from build_tools.content.schema import (Choice, DateField, Invalid, Integer, IssueField, ListOf,
                                        MappingOf, Nested, Schema, Text, TrimSizeField)

KINDS = ("bulletin", "booklet", "special", "plan")
BINDINGS = tuple(BINDING_PAGE_MULTIPLE)
LISTINGS = ("publications", "bulletins", "translation-status")
NEUTRAL_ADVICE = N_("is language-neutral: write it once, in the front matter of the source "
                     "page {source}, and remove it here")


class EditionName(Text):
    expected = N_("an edition: a language code such as vi or zh, or bilingual-zh")

    def parse(self, text: str) -> str:
        name = text.strip()
        if not re.fullmatch(r"[A-Za-z][A-Za-z0-9_-]*", name):  # checked against the
            # project's languages when the model is gathered (content.model)
            raise Invalid(_("expected {expected}, found {found}").format(
                expected=self.describe(), found=f"'{text}'"))
        return name


class PrintSettings(Schema):
    """How a publication is printed."""

    trim_size = TrimSizeField(default=TrimSizeField().parse("A5"))
    """Trimmed page size: A4, A5, A6, B5 or WIDTHxHEIGHT in millimetres."""

    binding = Choice(BINDINGS, default="saddle-stitch")
    """saddle-stitch (stapled: page count a multiple of 4), perfect (glued spine) or none."""


class Imprint(Schema):
    """The imprint Vietnamese publishing rules ask of a non-commercial publication, printed
    on page 2. Facts the province gives: leave a key out until it is known."""

    licence = Text(default=None)
    """The number of the publishing licence (giấy phép xuất bản) or registration."""

    licence_date = DateField(default=None)
    """The date of that licence: 2019-10-15, 2019-10 or 2019."""

    responsible = Text(default=None)
    """The person responsible for the publication (chịu trách nhiệm xuất bản)."""

    print_run = Integer(default=None)
    """How many copies are printed (số lượng in)."""

    printer = Text(default=None)
    """The printer's name (in tại)."""

    printer_address = Text(default=None)
    """The printer's address."""

    legal_deposit = Text(default=None)
    """When the legal deposit copies were submitted (nộp lưu chiểu), as the rules word it."""

    not_for_sale = Choice(("yes", "no"), default="yes")
    """yes prints the "not for sale" line (tài liệu không bán)."""


IMPRINT_FACTS = ("licence", "licence_date", "responsible", "print_run", "printer",
                 "printer_address", "legal_deposit")
"""The imprint keys a published publication must have, in the order they are printed."""


class PublicationFacts(Schema):
    """The language-neutral facts of a publication, written once in the source index.md."""

    kind = Choice(KINDS)
    """bulletin (quarterly), booklet (a bilingual publication), special (đặc san) or plan."""

    issue = IssueField(default=None)
    """For bulletins: the year and quarter, such as 2019-Q2."""

    date = DateField(default=None)
    """Publication date, as precise as is known: 2019-04-22, 2019-11 or 2019."""

    status = Choice(("draft", "published"), default="draft")
    """draft while work goes on; published once it must be complete in every language."""

    editions = ListOf(EditionName(), default=None)
    """Which editions to produce: a language code (vi, en, zh...) for one language,
    bilingual-<code> (bilingual-en, bilingual-zh) for the source beside that translation in
    parallel text, bilingual for the source beside the first translation. Without it: the
    source, each translation that is not selective (bdpub.toml), and bilingual."""

    cover = Text(default=None)
    """The cover image, a path relative to the publication folder (for example cover.jpg)."""

    print = Nested(PrintSettings, default=PrintSettings.defaults())
    """Print settings: trim_size and binding."""

    imprint = Nested(Imprint, default=Imprint.defaults())
    """The imprint printed on page 2 (see Imprint); warned about while incomplete in a
    published publication."""

    def validate(self) -> list[tuple[str, str]]:
        problems = []
        if self.kind == "bulletin" and self.issue is None:
            problems.append(("kind", _("a bulletin needs 'issue: YYYY-QN', for example 2019-Q2")))
        if self.kind != "bulletin" and self.issue is not None:
            problems.append(("issue", _("only bulletins have an issue label, this is a {kind}"
                                        ).format(kind=self.kind)))
        if self.kind != "bulletin" and self.date is None:
            problems.append(("kind", _("a {kind} needs 'date:', for example 2019-04-22 or 2019"
                                       ).format(kind=self.kind)))
        if self.issue and self.date and not _same_quarter(self.issue, self.date):
            problems.append(("date", _("{date} is not in the quarter of issue {issue}").format(
                date=self.date, issue=self.issue)))
        return problems


def _same_quarter(issue, date) -> bool:
    return date.year == issue.year and (date.month is None or
                                        (date.month - 1) // 3 + 1 == issue.quarter)


class TranslationStamp(Schema):
    """What a translation was made from, written by `bdpub stamp` (not by hand)."""

    source_commit = Text(default=None)
    """The commit of the source page when the translation was brought up to date."""

    sections = MappingOf(Text())
    """A short hash of each source section (by its heading) at that moment."""


class TranslatedPage(Schema):
    """The front matter of a page in a translation language (docs/en/...)."""

    title = Text(default=None)
    """The page title, shown in the navigation and the browser tab (else the first # heading)."""

    subtitle = Text(default=None)
    """A publication's subtitle, shown on its cover."""

    description = Text(default=None)
    """One sentence for search engines and link previews."""

    hide = ListOf(Choice(("navigation", "toc", "footer", "path", "tags")), default=None)
    """Parts of the page layout to hide (mkdocs-material)."""

    translation = Nested(TranslationStamp, default=None)
    """Written by `bdpub stamp`: the source sections this translation is up to date with."""

    misplaced = {key: NEUTRAL_ADVICE for key in ("order", "publication", "listing", "date")}


class SourcePage(TranslatedPage):
    """The front matter of a page in the source language (docs/vi/...)."""

    order = Integer(default=None)
    """Position among its siblings in the navigation; pages without it come after, by name."""

    listing = Choice(LISTINGS, default=None)
    """Append a list generated from the content model: all publications, or the bulletins."""

    date = DateField(default=None)
    """The date of the document the page gives (a plan, a report), as precise as is known:
    2019-03-15, 2019-03 or 2019. `bdpub import` fills it from a contribution's date line."""

    publication = Nested(PublicationFacts, default=None)
    """Makes this index.md's folder a publication (see PublicationFacts)."""

    translation = None  # a source page is not a translation
    misplaced = {"translation": N_("belongs in a translation; the source page is the original")}
