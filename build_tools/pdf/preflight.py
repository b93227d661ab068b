"""Preflight: check a PDF the way a printer does before it goes to plate; a screen PDF for
its layout only (CHECKS says which check applies to which profile)."""
from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import math
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Callable, Iterable, Iterator, NamedTuple

import pikepdf
from PIL import Image, ImageMath

from build_tools.base.messages import _
from build_tools.base.workers import cores
from build_tools.base.workers import pool as workers_pool
from build_tools.pdf import layout
from build_tools.pdf import scan as pdfscan

MM = 72 / 25.4
TRIM_TOLERANCE_MM = 0.5
# Boxes are written in points with six decimals; 3 mm comes out as 8.503937 pt.
ROUNDING_MM = 0.01
NOT_CHECKED = "not checked"
NOT_READ = "not checked: the file could not be read"
RENDER_TIMEOUT_S = 300
# Ink coverage is about the CMYK numbers in the file, not colour-managed ones. Without these
# options Ghostscript 10 converts a fill tagged with a CMYK profile other than its default:
# 0/60/100/0 measures 142 % instead of 160 %, 100/100/100/100 296 % instead of 400 %.
# -dOverrideICC treats embedded profiles as the default one and -dUseFastColor skips ICC
# conversion of device colours; either fixes that case, both are kept to be sure.
RENDER = ("gs", "-q", "-dSAFER", "-dBATCH", "-dNOPAUSE", "-sDEVICE=tiff32nc", "-r50",
          "-dOverrideICC", "-dUseFastColor")

Box = tuple[float, float, float, float]
# A build lists at most this many pages of one failed check of one PDF, one a line.
LINES_PER_CHECK = 10
# Bump when the shape of a Report changes: records cached by an older bdpub are not reused.
RECORD_VERSION = 3
# Text nearer the trimmed edge than this may be cut off, or lost in the fold of a
# saddle-stitched booklet whose inner pages creep outwards.
SAFE_MARGIN_MM = 5.0
# Type smaller than this does not print legibly (effective size, after every scaling).
MIN_TEXT_PT = 6.0
# Glyph boxes of two runs may overlap by this much of the smaller size in each direction:
# neighbouring runs of one line meet exactly, and rounding leaves a hair between them.
OVERLAP_EM = 0.1
# The body size is the size of most glyphs; text within this of it is body text.
BODY_SIZE_TOLERANCE_PT = 0.25
# The outside back cover carries a few short lines in its own sizes; more lines than this at
# the body size mean the content ran onto it.
BACK_COVER_BODY_LINES = 3
# A shorter document has no back cover to check (a leaflet, a single sheet).
BACK_COVER_MIN_PAGES = 4
PROFILES = ("print", "screen")


@dataclasses.dataclass(frozen=True)
class Failure:
    """One problem on one page (numbered from 1); page None is about the whole file."""

    page: int | None
    problem: str


class Verdict(NamedTuple):
    """What a check found: passed, a sentence for the report, and for a failure the
    problems page by page with the fix they share. A check may return (passed, detail)."""

    passed: bool
    detail: str
    failures: tuple[Failure, ...] = ()
    fix: str = ""


@dataclasses.dataclass(frozen=True)
class Expectations:
    """What the printer asked for; the defaults suit our CMYK print with 3 mm bleed."""

    trim_mm: tuple[float, float] | None = None
    """Trimmed page size (width, height) in mm; None leaves the size unchecked."""
    bleed_mm: float = 3.0
    """Least bleed beyond the trim on every side, in mm."""
    page_multiple: int | None = None
    """Page count must be a multiple of this: 4 for saddle-stitched publications."""
    min_ppi: float = 300.0
    """Least effective resolution of a placed raster image, at its placed size."""
    ink_limit: float = 300.0
    """Highest total area coverage (C+M+Y+K), in percent."""
    profile: str = "print"
    """'print' or 'screen': the checks of CHECKS that apply to this kind of PDF."""
    safe_mm: float = SAFE_MARGIN_MM
    """Least distance of text from the trimmed edge (the page edge of a screen PDF), in mm."""

    def __post_init__(self):
        if self.profile not in PROFILES:
            raise ValueError(f"profile is {self.profile!r}, expected one of {', '.join(PROFILES)}")


@dataclasses.dataclass(frozen=True)
class Check:
    """The outcome of one check, told in a sentence a printer understands."""

    code: str
    passed: bool
    detail: str
    failures: tuple[Failure, ...] = ()
    """The problems one by one, each on its page where it has one."""
    fix: str = ""
    """What to do about `failures`, the same for all of them."""

    @classmethod
    def from_dict(cls, data: dict) -> "Check":
        return cls(data["code"], data["passed"], data["detail"],
                   tuple(Failure(failure.get("page"), failure["problem"])
                         for failure in data.get("failures", ())),
                   data.get("fix", ""))


@dataclasses.dataclass(frozen=True)
class Report:
    """Every check of one PDF, in the order of CHECKS."""

    path: str
    checks: tuple[Check, ...]

    @property
    def passed(self) -> bool:
        return all(check.passed for check in self.checks)

    def as_dict(self) -> dict:
        return {"path": self.path, "passed": self.passed,
                "checks": [dataclasses.asdict(check) for check in self.checks]}


@dataclasses.dataclass
class OpenedPdf:
    """One PDF under preflight: where it is, what it should be, and the opened document."""

    path: Path
    expect: Expectations
    pdf: pikepdf.Pdf | None
    open_error: str = ""

    @functools.cached_property
    def marks(self) -> list[pdfscan.Mark]:
        return list(pdfscan.marks(self.pdf))

    @functools.cached_property
    def resources(self) -> list[tuple[int, pikepdf.Dictionary]]:
        return list(pdfscan.resource_tree(self.pdf))

    @functools.cached_property
    def layout(self) -> layout.Layout:
        return layout.read(self.marks)

    @functools.cached_property
    def first_uses(self) -> dict[tuple, int]:
        return pdfscan.first_uses(self.marks)

    def drawn_on(self, resources: pikepdf.Dictionary, category: str, key: str, listed: int) -> int:
        """The first page that draws a resource, else the first page that lists it."""
        # WeasyPrint shares one resource dictionary among all pages, so where a resource
        # is listed says little about where it is printed.
        return self.first_uses.get(pdfscan.use_key(resources, category, key), listed)


def preflight(path: Path, expect: Expectations = Expectations()) -> Report:
    """Run every check of CHECKS on one PDF."""
    path = Path(path)
    job = OpenedPdf(path, expect, *_open(path))
    try:
        return Report(str(path), _run(job))
    finally:
        if job.pdf is not None:
            job.pdf.close()


def preflight_all(jobs: list[tuple[Path, Expectations]], cache: Path,
                  workers: int | None = None) -> list[Report]:
    """preflight_cached() of every (PDF, expectations), in parallel processes (one per
    core by default): each PDF is read and rendered on its own."""
    workers = max(1, min(workers or cores(), len(jobs)))
    if workers == 1:
        return [preflight_cached(path, expect, cache) for path, expect in jobs]
    with workers_pool(workers) as pool:
        return list(pool.map(preflight_cached, *zip(*jobs), [cache] * len(jobs)))


def preflight_cached(path: Path, expect: Expectations, cache: Path) -> Report:
    """preflight(), remembered by the PDF's content and the expectations: a build that
    did not change a PDF does not check it again."""
    digest = hashlib.sha256(Path(path).read_bytes())
    digest.update(repr((RECORD_VERSION, expect)).encode())
    record = cache / f"{digest.hexdigest()[:32]}.json"
    if record.exists():
        try:
            data = json.loads(record.read_text(encoding="utf-8"))
            return Report(str(path), tuple(Check.from_dict(check) for check in data["checks"]))
        except (ValueError, KeyError, TypeError, AttributeError):
            pass  # a damaged record: check again
    report = preflight(path, expect)
    if report.passed:
        cache.mkdir(parents=True, exist_ok=True)
        # The file's name only: the record is about its content, wherever it lies.
        record.write_text(json.dumps({**report.as_dict(), "path": Path(path).name},
                                     ensure_ascii=False), encoding="utf-8")
    return report


def _open(path: Path) -> tuple[pikepdf.Pdf | None, str]:
    try:
        return pikepdf.open(path), ""
    except pikepdf.PasswordError:
        return None, "it needs a password to open; export it again without one"
    except (pikepdf.PdfError, OSError) as error:
        return None, f"{_unnamed(str(error), path)}; export it again"


def _unnamed(message: str, path: Path) -> str:
    # qpdf starts its messages with the file name, which the report already shows.
    return message.replace(f"{path}: ", "").replace(f"{path} ", "")


def _run(job: OpenedPdf) -> tuple[Check, ...]:
    results: list[Check] = []
    for code, (check, profiles) in CHECKS.items():
        if job.expect.profile not in profiles:
            continue
        # `readable` comes first: once it fails there is no document left to check.
        if results and not results[0].passed:
            verdict = Verdict(False, NOT_READ)
        else:
            verdict = _guarded(check, job)
        results.append(Check(code, *verdict))
    return tuple(results)


def _guarded(check: Callable[[OpenedPdf], Verdict | tuple[bool, str]], job: OpenedPdf) -> Verdict:
    # A malformed object seen by one check must not hide what the other checks found.
    try:
        return Verdict(*check(job))
    except Exception as error:
        return Verdict(False, f"could not be checked: {type(error).__name__}: {error}")


# --- The document as a whole ---------------------------------------------------------------

def _readable(job: OpenedPdf) -> Verdict:
    if job.pdf is None:
        return False, f"the file cannot be opened as a PDF: {job.open_error}"
    # pikepdf 10 renamed Pdf.check() to check_pdf_syntax(); both run qpdf's --check.
    problems = (getattr(job.pdf, "check_pdf_syntax", None) or job.pdf.check)()
    if problems:
        return False, (f"qpdf finds {_count(len(problems), 'problem')}, first "
                       f"{_unnamed(problems[0], job.path)}; the file is damaged, export it again")
    pages = _count(len(job.pdf.pages), "page")
    return True, f"the file opens and qpdf finds no damage in its {pages}"


def _not_encrypted(job: OpenedPdf) -> Verdict:
    if job.pdf.is_encrypted:
        return False, ("the file is encrypted (a password or permission restrictions); "
                       "RIPs may refuse it, export it again without encryption")
    return True, "the file is not encrypted"


def _output_intent(job: OpenedPdf) -> Verdict:
    intents = [intent for intent in job.pdf.Root.get("/OutputIntents", [])
               if intent.get("/S") == "/GTS_PDFX"]
    if len(intents) != 1:
        return False, (f"the catalog has {len(intents)} PDF/X output intents, expected one; "
                       "export as PDF/X-4 (WeasyPrint: pdf_variant='pdf/x-4' with an "
                       "@color-profile device-cmyk rule)")
    name = str(intents[0].get("/OutputConditionIdentifier", "unnamed"))
    problem = _profile_problem(intents[0].get("/DestOutputProfile"))
    if problem:
        return False, f"the output profile of the PDF/X output intent {name} {problem}"
    return True, f"one PDF/X output intent, {name}, with a CMYK ICC profile"


# What a CMYK output profile must satisfy, in order, and what to say when it does not.
PROFILE_RULES: tuple[tuple[Callable[[int, bytes], bool], str], ...] = (
    (lambda n, icc: n == 4,
     "declares /N {n}, not 4 (CMYK); in WeasyPrint's @color-profile separate the "
     "components with commas: components: cyan, magenta, yellow, black"),
    (lambda n, icc: icc[36:40] == b"acsp", "is not an ICC profile"),
    (lambda n, icc: icc[16:20] == b"CMYK", "is an ICC profile for {space}, not for CMYK"),
)


def _profile_problem(profile: pikepdf.Object | None) -> str | None:
    if not isinstance(profile, pikepdf.Stream):
        return "is missing; embed the printer's CMYK ICC profile"
    n, icc = int(profile.get("/N", 0)), profile.read_bytes()
    space = icc[16:20].decode("latin-1").strip()
    return next((message.format(n=n, space=space)
                 for rule, message in PROFILE_RULES if not rule(n, icc)), None)


def _page_count(job: OpenedPdf) -> Verdict:
    count, multiple = len(job.pdf.pages), job.expect.page_multiple
    if multiple is None:
        return True, NOT_CHECKED
    if count % multiple:
        short = multiple - count % multiple
        return False, (f"{count} pages, not a multiple of {multiple}; add {_count(short, 'page')} "
                       f"(blank ones at the end will do) or remove {count % multiple}")
    return True, f"{count} pages, a multiple of {multiple}"


# --- Page boxes ----------------------------------------------------------------------------

def _box(array: Iterable) -> Box:
    x0, y0, x1, y1 = (float(value) for value in array)
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


def _explicit_box(page: pikepdf.Page, name: str) -> Box | None:
    # pikepdf's page.trimbox falls back to the MediaBox; a printer needs the box written.
    return _box(page.obj[name]) if name in page.obj else None


def _contains(outer: Box, inner: Box) -> bool:
    slack = ROUNDING_MM * MM
    return (outer[0] <= inner[0] + slack and outer[1] <= inner[1] + slack
            and outer[2] >= inner[2] - slack and outer[3] >= inner[3] - slack)


def _box_problem(page: pikepdf.Page) -> str | None:
    trim, bleed = _explicit_box(page, "/TrimBox"), _explicit_box(page, "/BleedBox")
    missing = [name for name, box in (("TrimBox", trim), ("BleedBox", bleed)) if box is None]
    if missing:
        return f"has no {' and no '.join(missing)}"
    if not _contains(bleed, trim):
        return "has a BleedBox that does not contain its TrimBox"
    if not _contains(_box(page.mediabox), bleed):
        return "has a MediaBox that does not contain its BleedBox"
    return None


def _page_boxes(job: OpenedPdf) -> Verdict:
    failures = [(number, problem) for number, page in enumerate(job.pdf.pages, 1)
                if (problem := _box_problem(page))]
    if failures:
        return _first_failure(failures, "export with trim and bleed boxes "
                              "(WeasyPrint writes them for @page { bleed: 3mm })")
    return True, "every page has a TrimBox inside its BleedBox, inside its MediaBox"


def _trim_size(job: OpenedPdf) -> Verdict:
    if job.expect.trim_mm is None:
        return True, NOT_CHECKED
    want_w, want_h = job.expect.trim_mm
    failures = []
    for number, page in enumerate(job.pdf.pages, 1):
        x0, y0, x1, y1 = _explicit_box(page, "/TrimBox") or _box(page.trimbox)
        width, height = (x1 - x0) / MM, (y1 - y0) / MM
        if abs(width - want_w) > TRIM_TOLERANCE_MM or abs(height - want_h) > TRIM_TOLERANCE_MM:
            failures.append((number, f"is trimmed to {width:.1f} × {height:.1f} mm"))
    wanted = f"{want_w:g} × {want_h:g} mm"
    if failures:
        return _first_failure(failures, f"expected {wanted} (±{TRIM_TOLERANCE_MM:g} mm); "
                              "set @page { size } to the trim size")
    return True, f"every page is trimmed to {wanted}"


def _least_bleed_mm(page: pikepdf.Page) -> float:
    trim = _explicit_box(page, "/TrimBox") or _box(page.trimbox)
    bleed = _explicit_box(page, "/BleedBox") or _box(page.bleedbox)
    sides = (trim[0] - bleed[0], trim[1] - bleed[1], bleed[2] - trim[2], bleed[3] - trim[3])
    return min(sides) / MM


def _bleed(job: OpenedPdf) -> Verdict:
    bleeds = [(_least_bleed_mm(page), number) for number, page in enumerate(job.pdf.pages, 1)]
    need = job.expect.bleed_mm
    failures = [(number, f"has {least:.1f} mm bleed on its narrowest side")
                for least, number in bleeds if least < need - ROUNDING_MM]
    if failures:
        return _first_failure(failures, f"needs {need:g} mm on every side; set @page "
                              f"{{ bleed: {need:g}mm }} and run backgrounds into it")
    least, number = min(bleeds)
    return True, (f"at least {need:g} mm bleed on every side "
                  f"(narrowest {least:.1f} mm, page {number})")


def _first_failure(failures: list[tuple[int, str]], fix: str) -> Verdict:
    """A failed verdict: the first problem in the detail, every one in the failures."""
    failures = sorted(dict.fromkeys(failures), key=lambda failure: failure[0])
    number, problem = failures[0]
    others = sorted({page for page, _ in failures[1:]} - {number})
    also = f" (also {_pages(others)})" if others else ""
    return Verdict(False, f"page {number} {problem}{also}; {fix}",
                   tuple(Failure(page, problem) for page, problem in failures), fix)


def _pages(numbers: list[int], shown: int = 5) -> str:
    listed = ", ".join(str(number) for number in numbers[:shown])
    more = f" and {len(numbers) - shown} more" if len(numbers) > shown else ""
    return f"page{'s' if len(numbers) > 1 else ''} {listed}{more}"


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


# --- Resources: fonts and colour spaces ----------------------------------------------------

def _fonts(job: OpenedPdf) -> Iterator[tuple[int, str, pikepdf.Object]]:
    """Every font the pages draw with, Type 0 descendant fonts included, first page first."""
    for listed, resources in job.resources:
        for key, font in pdfscan.entries(resources, "/Font"):
            name = str(font.get("/BaseFont", key))[1:]
            page = job.drawn_on(resources, "/Font", key, listed)
            yield page, name, font
            yield from ((page, name, part) for part in font.get("/DescendantFonts", []))


def _is_embedded(font: pikepdf.Object) -> bool:
    # A Type 0 font lives in its descendants, and a Type 3 font is drawn by the PDF itself.
    if font.get("/Subtype") in ("/Type0", "/Type3"):
        return True
    descriptor = font.get("/FontDescriptor", {})
    return any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))


def _fonts_embedded(job: OpenedPdf) -> Verdict:
    fonts = list(_fonts(job))
    failures = [(number, f"uses the font {name}, which is not embedded")
                for number, name, font in fonts if not _is_embedded(font)]
    if failures:
        return _first_failure(failures, "embed every font (give each one an "
                              "@font-face rule with its file)")
    return True, f"every font is embedded ({_count(len({name for _, name, _ in fonts}), 'font')})"


def _no_type3(job: OpenedPdf) -> Verdict:
    failures = [(number, f"uses the Type 3 font {name}")
                for number, name, font in _fonts(job) if font.get("/Subtype") == "/Type3"]
    if failures:
        return _first_failure(failures, "Type 3 fonts print unreliably; "
                              "use an OpenType or TrueType font")
    return True, "no Type 3 fonts"


def _rgb_kind(space: pikepdf.Object | None) -> str | None:
    """'DeviceRGB', 'CalRGB' or 'ICCBased RGB' when a colour space paints in RGB."""
    if isinstance(space, pikepdf.Name):
        return "DeviceRGB" if space in ("/DeviceRGB", "/RGB") else None
    if isinstance(space, pikepdf.Array) and len(space) > 1:
        family = RGB_FAMILIES.get(str(space[0]))
        return family(space) if family else None
    return None


# Colour space families that paint in RGB, or that hide an RGB space inside them.
RGB_FAMILIES: dict[str, Callable[[pikepdf.Array], str | None]] = {
    "/CalRGB": lambda space: "CalRGB",
    "/ICCBased": lambda space: "ICCBased RGB" if space[1].get("/N") == 3 else None,
    "/Indexed": lambda space: _rgb_kind(space[1]),
    "/Pattern": lambda space: _rgb_kind(space[1]),
}


def _group_space(holder: pikepdf.Object) -> pikepdf.Object | None:
    group = holder.get("/Group") if isinstance(holder, pdfscan.DICTIONARIES) else None
    return group.get("/CS") if isinstance(group, pikepdf.Dictionary) else None


def _xobject_space(xobject: pikepdf.Object) -> tuple[str, pikepdf.Object | None]:
    if xobject.get("/Subtype") == "/Image":
        return "image", xobject.get("/ColorSpace")
    return "transparency group of the form", _group_space(xobject)


def _soft_mask_space(state: pikepdf.Object) -> tuple[str, pikepdf.Object | None]:
    mask = state.get("/SMask")
    group = mask.get("/G") if isinstance(mask, pikepdf.Dictionary) else None
    return "soft mask group in the graphics state", _group_space(group)


def _pattern_space(pattern: pikepdf.Object) -> tuple[str, pikepdf.Object | None]:
    shading = pattern.get("/Shading")
    return "shading pattern", shading.get("/ColorSpace") if shading is not None else None


# Where a resource dictionary can name a colour space: category -> (what it is, its space).
SPACES_IN: dict[str, Callable[[pikepdf.Object], tuple[str, pikepdf.Object | None]]] = {
    "/ColorSpace": lambda space: ("colour space", space),
    "/XObject": _xobject_space,
    "/Shading": lambda shading: ("shading", shading.get("/ColorSpace")),
    "/Pattern": _pattern_space,
    "/ExtGState": _soft_mask_space,
}


def _rgb_in_resources(job: OpenedPdf) -> Iterator[tuple[int, str]]:
    for number, page in enumerate(job.pdf.pages, 1):
        if kind := _rgb_kind(_group_space(page.obj)):
            yield number, f"has a {kind} page transparency group"
    for listed, resources in job.resources:
        for category, space_of in SPACES_IN.items():
            for key, entry in pdfscan.entries(resources, category):
                what, space = space_of(entry)
                if kind := _rgb_kind(space):
                    page = job.drawn_on(resources, category, key, listed)
                    yield page, f"has a {kind} {what} {key}"


# Content operators that paint in RGB, and how to tell a printer about them.
RGB_OPERATORS: dict[str, Callable[[pdfscan.Mark], str | None]] = {
    "rg": lambda mark: "sets an RGB fill colour (rg)",
    "RG": lambda mark: "sets an RGB stroke colour (RG)",
    "cs": lambda mark: _rgb_kind(mark.operands[0]) and "sets the DeviceRGB fill colour space",
    "CS": lambda mark: _rgb_kind(mark.operands[0]) and "sets the DeviceRGB stroke colour space",
    "INLINE IMAGE": lambda mark: (_rgb_kind(mark.operands[0].obj.get("/ColorSpace"))
                                  and "has an RGB inline image"),
}


def _rgb_in_content(job: OpenedPdf) -> Iterator[tuple[int, str]]:
    for mark in job.marks:
        if (found := RGB_OPERATORS.get(mark.operator)) and (problem := found(mark)):
            yield mark.page, problem


def _no_rgb(job: OpenedPdf) -> Verdict:
    failures = [*_rgb_in_resources(job), *_rgb_in_content(job)]
    if failures:
        return _first_failure(failures, "give every colour as device-cmyk() and "
                              "convert images to CMYK before placing them")
    return True, "no RGB colour in any content stream, resource, image, shading or group"


# --- Content: placed images ----------------------------------------------------------------

def _placements(job: OpenedPdf) -> Iterator[tuple[float, int, str]]:
    """(effective ppi, page, description) for every raster image placed on a page,
    directly, in a form or as the cell of a tiling pattern (a CSS background)."""
    for mark in (drawn for mark in job.marks for drawn in (mark, *pdfscan.pattern_marks(mark))):
        image = pdfscan.placed_image(mark)
        if image is None:
            continue
        # An image fills the unit square of the CTM; its sides are the CTM's two axes.
        width_in = math.hypot(mark.ctm.a, mark.ctm.b) / 72
        height_in = math.hypot(mark.ctm.c, mark.ctm.d) / 72
        if width_in and height_in:
            pixels = int(image.get("/Width", 0)), int(image.get("/Height", 0))
            ppi = min(pixels[0] / width_in, pixels[1] / height_in)
            yield ppi, mark.page, (f"{pixels[0]} × {pixels[1]} px placed at "
                                   f"{width_in * 25.4:.1f} × {height_in * 25.4:.1f} mm")


def _image_resolution(job: OpenedPdf) -> Verdict:
    # Resolutions are shown, and compared, to one decimal: 299.96 ppi is shown as 300.0
    # and passes a 300 ppi limit, so the figure and the verdict never disagree.
    placements = sorted(((round(ppi, 1), page, described)
                         for ppi, page, described in _placements(job)),
                        key=lambda placement: (placement[0], placement[1]))
    if not placements:
        return True, "no raster images are placed"
    need = job.expect.min_ppi
    ppi, page, described = placements[0]
    lowest = f"lowest effective resolution {ppi:.1f} ppi on page {page} ({described})"
    if ppi < need:
        low = [(value, number, what) for value, number, what in placements if value < need]
        low_pages = sorted({number for _, number, _ in low} - {page})
        also = f"; also low on {_pages(low_pages)}" if low_pages else ""
        fix = "supply a larger image or place it smaller"
        return Verdict(False, f"{lowest}, below {need:g} ppi{also}; {fix}",
                       tuple(Failure(number, f"an image of {what} has an effective "
                                             f"resolution of {value:.1f} ppi, below {need:g} ppi")
                             for value, number, what in sorted(low, key=lambda item: item[1])),
                       fix)
    return True, f"{_count(len(placements), 'placed image')}, {lowest}"


# --- Rendering: ink coverage ---------------------------------------------------------------

def _render(path: Path, folder: Path) -> str | None:
    """Render every page to a CMYK TIFF in folder; on failure, say why."""
    command = [*RENDER, f"-sOutputFile={folder / 'page-%05d.tif'}", str(path.resolve())]
    try:
        done = subprocess.run(command, capture_output=True, text=True,
                              timeout=RENDER_TIMEOUT_S, check=False)
    except subprocess.TimeoutExpired:
        return f"Ghostscript did not finish rendering within {RENDER_TIMEOUT_S} s"
    if done.returncode:
        lines = (done.stderr or done.stdout).strip().splitlines() or ["no message"]
        return f"Ghostscript could not render the file ({lines[-1]})"
    return None


def _peak_coverage(tiff: Path) -> float:
    """The highest C+M+Y+K of any pixel, in percent."""
    with Image.open(tiff) as page:
        # ImageMath adds in 32-bit integers, so 4 × 255 does not clip as it would in "L".
        total = ImageMath.lambda_eval(lambda ink: ink["c"] + ink["m"] + ink["y"] + ink["k"],
                                      **dict(zip("cmyk", page.split())))
    return total.getextrema()[1] * 100 / 255


def _ink_coverage(job: OpenedPdf) -> Verdict:
    if shutil.which("gs") is None:
        return False, ("Ghostscript is needed to measure ink coverage and is not installed "
                       "(apt-get install ghostscript)")
    with tempfile.TemporaryDirectory(prefix="preflight-") as folder:
        if problem := _render(job.path, Path(folder)):
            return False, problem
        peaks = [(_peak_coverage(tiff), number)
                 for number, tiff in enumerate(sorted(Path(folder).glob("page-*.tif")), 1)]
    limit = job.expect.ink_limit
    failures = [(number, f"reaches {peak:.0f} % total ink")
                for peak, number in peaks if peak > limit]
    if failures:
        return _first_failure(failures, f"the limit is {limit:g} %; use a rich black of "
                              "at most that, e.g. device-cmyk(0.6 0.4 0.4 1) = 240 %")
    peak, number = max(peaks)
    return True, f"highest total ink {peak:.0f} % on page {number}, within {limit:g} % (at 50 dpi)"


# --- Layout: what the pages show ------------------------------------------------------------

def _quoted(run: layout.TextRun, longest: int = 30) -> str:
    text = " ".join(run.text.split())
    return f"“{text[:longest]}…”" if len(text) > longest else f"“{text}”"


def _trim(page: pikepdf.Page) -> Box:
    # pikepdf falls back to the MediaBox: a screen PDF's page edge is its trimmed edge.
    unit = float(page.obj.get("/UserUnit", 1))
    return tuple(side * unit for side in _box(page.trimbox))


def _at(job: OpenedPdf, run: layout.TextRun) -> str:
    """Where a run starts, in mm from the top left corner of the trimmed page."""
    trim = _trim(job.pdf.pages[run.page - 1])
    across, down = (run.box[0] - trim[0]) / MM, (trim[3] - run.box[3]) / MM
    return _("at {across:.0f} × {down:.0f} mm").format(across=across, down=down)


def _meet(first: Box, second: Box) -> tuple[float, float]:
    """How far two boxes overlap across and up (negative: the gap between them)."""
    return (min(first[2], second[2]) - max(first[0], second[0]),
            min(first[3], second[3]) - max(first[1], second[1]))


def _overlaps(runs: list[layout.TextRun]) -> Iterator[tuple[layout.TextRun, layout.TextRun]]:
    """Pairs of runs whose glyph boxes overlap by more than OVERLAP_EM both ways, top first."""
    ordered = sorted(runs, key=lambda run: -run.box[3])
    for at, run in enumerate(ordered):
        for other in ordered[at + 1:]:
            if other.box[3] <= run.box[1]:
                break  # this one, and every later one, lies wholly below
            least = OVERLAP_EM * min(run.size, other.size)
            if min(_meet(run.box, other.box)) > least:
                yield run, other


def _text_overlap(job: OpenedPdf) -> Verdict:
    failures = []
    for number, runs in layout.runs_by_page(job.layout.runs):
        pairs = list(_overlaps(runs))
        if pairs:
            first, second = pairs[0]
            more = (_(" (and {count} more overlaps on the page)").format(count=len(pairs) - 1)
                    if len(pairs) > 1 else "")
            failures.append((number, _("text {first} prints over text {second} {where}{more}")
                             .format(first=_quoted(first), second=_quoted(second),
                                     where=_at(job, first), more=more)))
    if failures:
        return _first_failure(failures, _(
            "something wider than its column (often a table beside its translation) runs "
            "over the text next to it; make it fit its column"))
    return True, _("no text prints over other text ({count} text runs)").format(
        count=len(job.layout.runs))


def _distance_in(box: Box, area: Box) -> float:
    """How far a box keeps inside an area at its nearest side (negative: how far out)."""
    return min(box[0] - area[0], box[1] - area[1], area[2] - box[2], area[3] - box[3])


def _safe_area(job: OpenedPdf) -> Verdict:
    margin, failures = job.expect.safe_mm, []
    for number, runs in layout.runs_by_page(job.layout.runs):
        trim = _trim(job.pdf.pages[number - 1])
        distance, run = min(((_distance_in(run.box, trim) / MM, run) for run in runs),
                            key=lambda item: item[0])
        if distance < margin - ROUNDING_MM:
            said = (_("comes within {distance:.1f} mm of the trimmed edge") if distance >= 0
                    else _("runs {distance:.1f} mm past the trimmed edge"))
            failures.append((number, _("text {text} {where} {said}").format(
                text=_quoted(run), where=_at(job, run), said=said.format(distance=abs(distance)))))
    if failures:
        return _first_failure(failures, _(
            "keep text at least {margin:g} mm inside the trimmed edge: widen the page margins "
            "or move the text in").format(margin=margin))
    return True, _("all text lies at least {margin:g} mm inside the trimmed edge").format(
        margin=margin)


def _blank_runs(blank: list[int]) -> list[tuple[int, int]]:
    """Consecutive page numbers as (first, last) runs."""
    runs: list[tuple[int, int]] = []
    for number in blank:
        if runs and runs[-1][1] == number - 1:
            runs[-1] = (runs[-1][0], number)
        else:
            runs.append((number, number))
    return runs


def _blank_pages(job: OpenedPdf) -> Verdict:
    """A page is blank when nothing on it shows: no text, no image, no shading, no path
    painted in anything but white (a ruled notes page is not blank)."""
    blank = [number for number in range(1, len(job.pdf.pages) + 1)
             if number not in job.layout.shown]
    failures = [(first, _("begins {count} blank pages in a row (pages {first}–{last})").format(
                    count=last - first + 1, first=first, last=last))
                for first, last in _blank_runs(blank) if last > first]
    if failures:
        return _first_failure(failures, _(
            "leave one blank page at most; rule the others for notes, or remove the page "
            "breaks that make them"))
    return True, _("no two blank pages in a row ({count} blank page(s))").format(count=len(blank))


def _text_size(job: OpenedPdf) -> Verdict:
    if not job.layout.runs:
        return True, _("no text")
    failures = []
    for number, runs in layout.runs_by_page(job.layout.runs):
        run = min(runs, key=lambda run: run.size)
        if run.size < MIN_TEXT_PT - 0.01:
            failures.append((number, _("text {text} {where} is set at {size:.1f} pt").format(
                text=_quoted(run), where=_at(job, run), size=run.size)))
    if failures:
        return _first_failure(failures, _(
            "text under {least:g} pt does not print legibly; set it at {least:g} pt or more")
            .format(least=MIN_TEXT_PT))
    smallest = min(job.layout.runs, key=lambda run: run.size)
    return True, _("the smallest text is {size:.1f} pt (page {page}), at least {least:g} "
                   "pt").format(size=smallest.size, page=smallest.page, least=MIN_TEXT_PT)


def _text_tint(job: OpenedPdf) -> Verdict:
    """Text filled in a tint of black (gray 0 < g < 1, or CMYK 0 0 0 K with 0 < K < 1) is
    halftoned on press; solid black and rich black are not."""
    failures = []
    for number, runs in layout.runs_by_page(job.layout.runs):
        tinted = [run for run in runs if run.filled and run.fill.is_black_tint]
        if tinted:
            failures.append((number, _("text {text} {where} is filled in a tint of black "
                                       "({colour})").format(
                text=_quoted(tinted[0]), where=_at(job, tinted[0]), colour=tinted[0].fill)))
    if failures:
        return _first_failure(failures, _(
            "a tint of black is halftoned and prints ragged; set text in solid black, "
            "device-cmyk(0 0 0 1)"))
    return True, _("no text is filled in a tint of black")


def _face(run: layout.TextRun) -> str:
    """The typeface of a run: its font's name without the subset tag (ABCDEF+)."""
    name = str(run.font.font.get("/BaseFont", ""))
    return name.split("+", 1)[-1] if len(name.split("+", 1)[0]) == 7 else name


def _body_text(runs: list[layout.TextRun], pages: int) -> tuple[str, float]:
    """The typeface and size of most glyphs on the inside pages (the covers and the
    imprint aside, which have their own type), to a tenth of a point."""
    inside = [run for run in runs if 2 < run.page < pages] or runs
    glyphs: dict[tuple[str, float], int] = {}
    for run in inside:
        key = (_face(run), round(run.size, 1))
        glyphs[key] = glyphs.get(key, 0) + run.glyphs
    return max(glyphs, key=glyphs.__getitem__)


def _back_cover(job: OpenedPdf) -> Verdict:
    """Body text is text in the body face at the body size (those of most glyphs on the
    inside pages, the size within BODY_SIZE_TOLERANCE_PT); the outside back cover, the last page,
    fails when it has more than BACK_COVER_BODY_LINES lines of it (distinct baselines): the
    designed back cover sets its title, line, publisher and address in a few lines of
    their own face and sizes, so body text there means the content ran onto it. Files of
    fewer than BACK_COVER_MIN_PAGES pages have no back cover."""
    count = len(job.pdf.pages)
    if count < BACK_COVER_MIN_PAGES or not job.layout.runs:
        return True, _("not checked: {count} page(s) and no back cover").format(count=count)
    face, body = _body_text(job.layout.runs, count)
    text = [run for run in job.layout.runs
            if run.page == count and abs(run.size - body) <= BODY_SIZE_TOLERANCE_PT
            and _face(run) == face]
    lines = len({round(run.origin[1]) for run in text})
    if lines > BACK_COVER_BODY_LINES:
        first = max(text, key=lambda run: run.box[3])
        problem = _("the outside back cover carries {lines} lines of body text at {size:.1f} "
                    "pt, from {text}").format(lines=lines, size=body, text=_quoted(first))
        return _first_failure([(count, problem)], _(
            "the last page of a print edition is its outside back cover; end the content "
            "before it (notes pages pad the book)"))
    return True, _("the outside back cover (page {page}) carries {lines} line(s) at the body "
                   "size of {size:.1f} pt, at most {most}").format(
        page=count, lines=lines, size=body, most=BACK_COVER_BODY_LINES)


def _pdfx_version(job: OpenedPdf, metadata) -> tuple[str | None, str]:
    """The PDF/X version the file claims, and where: PDF/X-4 writes it in the XMP metadata
    (pdfxid:GTS_PDFXVersion), PDF/X-1a and X-3 in the document information dictionary."""
    info = job.pdf.trailer.get("/Info", {})
    if "/GTS_PDFXVersion" in info:
        return str(info["/GTS_PDFXVersion"]), _("the document information")
    version = metadata.get("pdfxid:GTS_PDFXVersion") or metadata.get("pdfx:GTS_PDFXVersion")
    return (str(version), _("the XMP metadata")) if version else (None, "")


def _trapped(job: OpenedPdf, metadata) -> list[str]:
    """What the Trapped entries of the document information and XMP metadata say."""
    info = job.pdf.trailer.get("/Info", {})
    said = [str(info["/Trapped"]).lstrip("/")] if "/Trapped" in info else []
    if metadata.get("pdf:Trapped"):
        said.append(str(metadata.get("pdf:Trapped")))
    return said


def _pdfx_keys(job: OpenedPdf) -> Verdict:
    metadata = job.pdf.open_metadata()
    version, where = _pdfx_version(job, metadata)
    trapped = _trapped(job, metadata)
    problems = []
    if version is None or not version.startswith("PDF/X-"):
        problems.append(_("no GTS_PDFXVersion says which PDF/X the file is (found {found})")
                        .format(found=version or _("none")))
    if not trapped or any(value not in ("True", "False") for value in trapped):
        problems.append(_("Trapped is {found}, not True or False").format(
            found=" / ".join(trapped) or _("missing")))
    elif len(set(trapped)) > 1:
        problems.append(_("Trapped is {found} in the document information and {other} in the "
                          "XMP metadata").format(found=trapped[0], other=trapped[1]))
    if problems:
        return False, "; ".join(problems) + _("; export as PDF/X-4 (WeasyPrint: "
                                              "pdf_variant='pdf/x-4')")
    return True, _("{version} (in {where}), Trapped {trapped}").format(
        version=version, where=where, trapped=trapped[0])


class Rule(NamedTuple):
    """A check, and the profiles of PDF it applies to."""

    check: Callable[[OpenedPdf], Verdict]
    profiles: frozenset[str]


PRINT_PDFS = frozenset({"print"})
EVERY_PDF = frozenset(PROFILES)

# Every check in the order of a report; `readable` comes first, the slow ink last.
CHECKS: dict[str, Rule] = {
    "readable": Rule(_readable, EVERY_PDF),
    "not-encrypted": Rule(_not_encrypted, PRINT_PDFS),
    "page-boxes": Rule(_page_boxes, PRINT_PDFS),
    "trim-size": Rule(_trim_size, PRINT_PDFS),
    "bleed": Rule(_bleed, PRINT_PDFS),
    "fonts-embedded": Rule(_fonts_embedded, PRINT_PDFS),
    "no-type3": Rule(_no_type3, PRINT_PDFS),
    "image-resolution": Rule(_image_resolution, PRINT_PDFS),
    "output-intent": Rule(_output_intent, PRINT_PDFS),
    "pdfx-keys": Rule(_pdfx_keys, PRINT_PDFS),
    "no-rgb": Rule(_no_rgb, PRINT_PDFS),
    "page-count": Rule(_page_count, PRINT_PDFS),
    "text-overlap": Rule(_text_overlap, EVERY_PDF),
    "safe-area": Rule(_safe_area, EVERY_PDF),
    "blank-pages": Rule(_blank_pages, EVERY_PDF),
    "text-size": Rule(_text_size, EVERY_PDF),
    "text-tint": Rule(_text_tint, PRINT_PDFS),
    "back-cover": Rule(_back_cover, PRINT_PDFS),
    "ink-coverage": Rule(_ink_coverage, PRINT_PDFS),
}


def codes_for(profile: str) -> list[str]:
    """The checks a PDF of this profile gets, in report order."""
    return [code for code, rule in CHECKS.items() if profile in rule.profiles]


# --- Reports -------------------------------------------------------------------------------

def format_text(reports: list[Report]) -> str:
    """A report to read: per file one line per check, then a summary line."""
    lines = []
    for report in reports:
        lines.append(f"{report.path}: {'passed' if report.passed else 'FAILED'}")
        lines += [f"  {'PASS' if check.passed else 'FAIL'}  {check.code:<16}  {check.detail}"
                  for check in report.checks]
    failed_checks = sum(not check.passed for report in reports for check in report.checks)
    passed = sum(report.passed for report in reports)
    lines.append(f"preflight: {passed} of {len(reports)} PDFs passed"
                 f" ({failed_checks} failed check{'' if failed_checks == 1 else 's'})")
    return "\n".join(lines)


def located(report: Report, name: str, source_of: Callable[[int | None], str]) -> list[str]:
    """The failures of one PDF, one a line, `SOURCE:1: NAME page N: PROBLEM; FIX`, where
    SOURCE is what source_of(N) says was printed on that page (source_of(None) for problems
    of the whole file); in page order, those of the whole file first."""
    lines: list[tuple[int, int, str]] = []
    for order, check in enumerate(report.checks):
        if check.passed:
            continue
        if not check.failures:
            lines.append((0, order, f"{source_of(None)}:1: {name}: {check.detail}"))
            continue
        by_page: dict[int | None, list[str]] = {}
        for failure in check.failures:
            by_page.setdefault(failure.page, []).append(failure.problem)
        fix = f"; {check.fix}" if check.fix else ""
        pages = sorted(page for page in by_page if page is not None)
        for page in [None, *pages[:LINES_PER_CHECK]]:
            if page not in by_page:
                continue
            problem = ", ".join(dict.fromkeys(by_page[page])) + fix
            where = (_("{pdf} page {page}: {problem}") if page is not None
                     else "{pdf}: {problem}").format(pdf=name, page=page, problem=problem)
            lines.append((page or 0, order, f"{source_of(page)}:1: {where}"))
        if len(pages) > LINES_PER_CHECK:
            rest = pages[LINES_PER_CHECK:]
            lines.append((rest[0], order, f"{source_of(None)}:1: " + _(
                "{pdf}: {check} fails on {count} more page(s): {pages}").format(
                    pdf=name, check=check.code, count=len(rest),
                    pages=", ".join(str(page) for page in rest))))
    return [item[2] for item in sorted(lines, key=lambda item: item[:2])]


def format_json(reports: list[Report]) -> str:
    """A report for machines: every file with every check."""
    return json.dumps({"files": [report.as_dict() for report in reports],
                       "passed": all(report.passed for report in reports)},
                      indent=2, ensure_ascii=False)
