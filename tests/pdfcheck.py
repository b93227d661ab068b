"""An independent preflight for the tests, made of poppler-utils, qpdf, pikepdf and
Ghostscript: it shares no code with build_tools.pdf.preflight."""
from __future__ import annotations

import re
import subprocess
import tempfile
from pathlib import Path

import pikepdf
from PIL import Image

PT_PER_MM = 72 / 25.4


def run(*command: str) -> str:
    result = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, (command, result.stderr)
    return result.stdout


def boxes(pdf: Path) -> list[dict[str, tuple[float, ...]]]:
    """Every page's boxes from `pdfinfo -box`, in points."""
    pages = int(re.search(r"Pages:\s+(\d+)", run("pdfinfo", str(pdf)))[1])
    text = run("pdfinfo", "-box", "-f", "1", "-l", str(pages), str(pdf))
    found: dict[int, dict] = {}
    for number, name, values in re.findall(r"Page\s+(\d+)\s+(\w+Box):\s+([-\d.\s]+)", text):
        found.setdefault(int(number), {})[name] = tuple(float(v) for v in values.split())
    return [found[number] for number in sorted(found)]


def fonts(pdf: Path) -> list[dict[str, str]]:
    lines = run("pdffonts", str(pdf)).splitlines()[2:]
    return [{"type": " ".join(line.split()[1:-5]), "emb": line.split()[-5]} for line in lines]


def images(pdf: Path) -> list[dict[str, str]]:
    lines = run("pdfimages", "-list", str(pdf)).splitlines()
    header = lines[0].split()
    return [dict(zip(header, line.split())) for line in lines[2:]]


def max_ink_percent(pdf: Path) -> float:
    """Highest C+M+Y+K of any pixel, rendered by Ghostscript at 30 dpi."""
    with tempfile.TemporaryDirectory() as folder:
        run("gs", "-q", "-dSAFER", "-dBATCH", "-dNOPAUSE", "-sDEVICE=tiff32nc", "-r30",
            f"-sOutputFile={folder}/p%03d.tif", str(pdf))
        peak = 0
        for tiff in sorted(Path(folder).glob("*.tif")):
            with Image.open(tiff) as image:
                channels = [list(band.get_flattened_data()) for band in image.split()]
            peak = max(peak, max(map(sum, zip(*channels))))
        return peak * 100 / 255


def rgb_operators(pdf: Path) -> list[str]:
    """RGB colour operators and colour spaces anywhere in pages and their forms."""
    found = []
    with pikepdf.open(pdf) as document:
        for number, page in enumerate(document.pages, 1):
            for operands, operator in pikepdf.parse_content_stream(page):
                if str(operator) in ("rg", "RG"):
                    found.append(f"page {number}: {operator}")
        for obj in document.objects:
            if isinstance(obj, pikepdf.Dictionary) and obj.get("/ColorSpace") == pikepdf.Name.DeviceRGB:
                found.append("object colour space DeviceRGB")
            if isinstance(obj, pikepdf.Dictionary) and "/Group" in obj and \
                    obj.Group.get("/CS") == pikepdf.Name.DeviceRGB:
                found.append("transparency group in DeviceRGB")
    return found


def printer_problems(pdf: Path, trim_mm: tuple[float, float], multiple: int) -> list[str]:
    """What a printer's preflight would reject, as sentences; empty when the PDF is fine."""
    problems = []
    run("qpdf", "--check", str(pdf))
    for number, page in enumerate(boxes(pdf), 1):
        trim, bleed = page.get("TrimBox"), page.get("BleedBox")
        if not trim or not bleed:
            problems.append(f"page {number}: no TrimBox or BleedBox")
            continue
        size = ((trim[2] - trim[0]) / PT_PER_MM, (trim[3] - trim[1]) / PT_PER_MM)
        if abs(size[0] - trim_mm[0]) > 0.5 or abs(size[1] - trim_mm[1]) > 0.5:
            problems.append(f"page {number}: trim {size}")
        margins = (trim[0] - bleed[0], trim[1] - bleed[1], bleed[2] - trim[2], bleed[3] - trim[3])
        if min(margins) < 3 * PT_PER_MM - 0.01:
            problems.append(f"page {number}: bleed {margins}")
    if len(boxes(pdf)) % multiple:
        problems.append(f"{len(boxes(pdf))} pages, not a multiple of {multiple}")
    problems += [f"font not embedded: {font}" for font in fonts(pdf) if font["emb"] != "yes"]
    problems += [f"Type 3 font: {font}" for font in fonts(pdf) if "Type 3" in font["type"]]
    for image in images(pdf):
        if image["type"] == "image" and (int(image["x-ppi"]) < 299 or int(image["y-ppi"]) < 299):
            problems.append(f"image at {image['x-ppi']} ppi on page {image['page']}")
        if image["type"] == "image" and image["color"] != "cmyk":
            problems.append(f"image in {image['color']} on page {image['page']}")
    with pikepdf.open(pdf) as document:
        intents = list(document.Root.get("/OutputIntents", []))
        if len(intents) != 1 or intents[0].S != "/GTS_PDFX" or intents[0].DestOutputProfile.N != 4:
            problems.append("not exactly one CMYK GTS_PDFX output intent")
    problems += rgb_operators(pdf)
    ink = max_ink_percent(pdf)
    if ink > 300.5:
        problems.append(f"ink {ink:.0f} %")
    return problems
