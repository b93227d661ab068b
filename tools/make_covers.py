"""Draw the abstract cover art of the six publications: docs/vi/<folder>/cover.jpg.

Run by a maintainer (needs only Pillow): `.venv/bin/python tools/make_covers.py`.
The PDF cover is a page in the brand colour with the image across its full width
at the top and the title set below it, so every image is a wide band without text
that fades into the brand blue along its bottom edge. One motif per publication,
all in the same family and palette:

- the plan: a planning sheet, a fine grid of weeks and months with schedule bars;
- the quarterly bulletins: ripples on a river, the quarter's sector picked out;
- the Smart City booklet: a city graph of nodes and links;
- the Horasis booklet: interlocking circles, a meeting and a dialogue.

Deterministic: a fixed seed per publication, no timestamps and no EXIF, so every
run writes the same bytes. Shapes are drawn at twice the size and downsampled
with LANCZOS for antialiasing.
"""
from __future__ import annotations

import math
import pathlib
import random
import sys

from PIL import Image, ImageChops, ImageDraw, ImageFilter

ROOT = pathlib.Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs" / "vi"

WIDTH, HEIGHT = 2600, 1730          # 3:2, A4 width plus bleed at 300 ppi
SCALE = 2                           # supersampling factor for antialiasing
W, H = WIDTH * SCALE, HEIGHT * SCALE

BRAND = (0x0B, 0x4F, 0x79)          # deep river blue; print CMYK 95/45/0/45
DARK = (0x07, 0x3A, 0x5A)
MID = (0x2F, 0x6F, 0x99)
LIGHT = (0x7F, 0xB0, 0xD0)
PALE = (0xCF, 0xE3, 0xF0)
WHITE = (0xFF, 0xFF, 0xFF)
ACCENT = (0xB3, 0x54, 0x1E)         # warm accent, used sparingly

FADE_FROM, FADE_TO = 0.58, 0.96     # fraction of the height over which art meets the page


# --- helpers ------------------------------------------------------------------------------

def mix(a: tuple, b: tuple, t: float) -> tuple:
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b))


def smoothstep(e0: float, e1: float, x: float) -> float:
    t = min(1.0, max(0.0, (x - e0) / (e1 - e0)))
    return t * t * (3 - 2 * t)


def field(fn, mode: str = "L", grid: int = 20) -> Image.Image:
    """A smooth image at drawing size from fn(u, v), u and v in 0..1, sampled on a coarse
    grid (one sample per `grid` output pixels) and resized with bicubic interpolation."""
    gw, gh = WIDTH // grid + 1, HEIGHT // grid + 1
    data = [fn(i / (gw - 1), j / (gh - 1)) for j in range(gh) for i in range(gw)]
    if mode == "L":
        data = [max(0, min(255, round(v * 255))) for v in data]
    small = Image.new(mode, (gw, gh))
    small.putdata(data)
    return small.resize((W, H), Image.Resampling.BICUBIC)


def mask() -> tuple[Image.Image, ImageDraw.ImageDraw]:
    layer = Image.new("L", (W, H), 0)
    return layer, ImageDraw.Draw(layer)


def paint(base: Image.Image, layer: Image.Image, colour: tuple, opacity: float = 1.0,
          fade: Image.Image | None = None) -> None:
    """Lay `colour` over `base` through the mask `layer`, at `opacity`, optionally
    multiplied by a spatial `fade` mask."""
    if opacity < 1.0:
        layer = layer.point(lambda v: round(v * opacity))
    if fade is not None:
        layer = ImageChops.multiply(layer, fade)
    base.paste(colour, (0, 0, W, H), layer)


def background(glow_u: float, glow_v: float, glow_r: float = 0.55,
               glow: float = 0.55) -> Image.Image:
    """Dark blue at the top left, brand blue elsewhere, a soft lighter glow behind the motif."""
    def colour(u: float, v: float) -> tuple:
        shade = smoothstep(0.0, 1.0, 0.55 * v + 0.45 * u)
        c = mix(DARK, BRAND, shade)
        du, dv = (u - glow_u) * 1.5, v - glow_v       # 3:2 so the glow stays round
        g = glow * math.exp(-(du * du + dv * dv) / (glow_r * glow_r))
        return mix(c, MID, g)
    return field(colour, mode="RGB")


def finish(art: Image.Image) -> Image.Image:
    """Downsample for antialiasing and melt the bottom edge into the brand blue: the last
    rows are exactly BRAND, so the image meets the page without a seam."""
    art = art.resize((WIDTH, HEIGHT), Image.Resampling.LANCZOS)
    column = Image.new("L", (1, HEIGHT))
    column.putdata([round(255 * smoothstep(FADE_FROM, FADE_TO, y / (HEIGHT - 1)))
                    for y in range(HEIGHT)])
    melt = column.resize((WIDTH, HEIGHT), Image.Resampling.NEAREST)
    return Image.composite(Image.new("RGB", (WIDTH, HEIGHT), BRAND), art, melt)


def s(x: float) -> int:
    """A length in output pixels at drawing size."""
    return round(x * SCALE)


# --- the plan: a planning sheet -------------------------------------------------------------

def plan(rng: random.Random) -> Image.Image:
    art = background(0.70, 0.30, 0.60, 0.50)
    # The sheet: twelve months across, four weeks each; rows at the same pitch.
    left, right = 250, WIDTH - 250
    week = (right - left) / 48
    top = 150
    rows = int((HEIGHT - top) / week) + 1
    sheet = field(lambda u, v: (0.35 + 0.65 * smoothstep(0.0, 0.75, u))
                 * (1.0 - 0.55 * smoothstep(0.35, 0.85, v)))

    minor, d = mask()
    for k in range(49):
        x = s(left + k * week)
        d.line([(x, s(top)), (x, H)], fill=255, width=s(1.25))
    for r in range(rows):
        y = s(top + r * week)
        d.line([(s(left), y), (s(right), y)], fill=255, width=s(1.25))
    paint(art, minor, LIGHT, 0.20, sheet)

    major, d = mask()
    for k in range(0, 49, 4):
        x = s(left + k * week)
        d.line([(x, s(top - 40)), (x, H)], fill=255, width=s(2.5))
    d.line([(s(left - 40), s(top)), (s(right + 40), s(top))], fill=255, width=s(2.5))
    paint(art, major, PALE, 0.30, sheet)

    # Month ticks above the sheet: short marks, no numbers.
    ticks, d = mask()
    for k in range(12):
        cx = s(left + (4 * k + 2) * week)
        d.ellipse([cx - s(5), s(top - 52) - s(5), cx + s(5), s(top - 52) + s(5)], fill=255)
    paint(art, ticks, PALE, 0.55)

    # Schedule bars cascading down the year, like the tasks of a plan.
    bars, d = mask()
    strong, ds = mask()
    accent, da = mask()
    row = 2
    start = 1
    chosen = []
    while row < rows - 4 and start < 44:
        length = rng.choice((6, 8, 10, 12, 14, 16))
        end = min(47, start + length)
        chosen.append((row, start, end))
        row += rng.choice((2, 2, 3))
        start += rng.choice((3, 4, 4, 5))
    hot = len(chosen) // 2
    for i, (r, a, b) in enumerate(chosen):
        y0 = s(top + r * week + week * 0.28)
        y1 = s(top + (r + 1) * week - week * 0.28)
        box = [s(left + a * week + 3), y0, s(left + b * week - 3), y1]
        radius = (y1 - y0) // 2
        (da if i == hot else ds if i % 3 == 0 else d).rounded_rectangle(
            box, radius=radius, fill=255)
        # A milestone at the end of every bar.
        cx, cy = s(left + b * week), (y0 + y1) // 2
        dot = s(9)
        d.ellipse([cx - dot, cy - dot, cx + dot, cy + dot], outline=255, width=s(2.5))
    paint(art, bars, LIGHT, 0.55, sheet)
    paint(art, strong, PALE, 0.75, sheet)
    paint(art, accent, ACCENT, 0.85)
    return finish(art)


# --- the bulletins: ripples on a river ------------------------------------------------------

def bulletin(quarter: int):
    def draw(rng: random.Random) -> Image.Image:
        cx, cy = 0.60 * WIDTH, 0.86 * HEIGHT
        art = background(0.60, 0.62, 0.50, 0.60)
        # Rings widen as they travel, the way ripples do.
        radii, r, step = [], 90.0, 70.0
        while r < 1.9 * WIDTH:
            radii.append(r)
            r += step
            step *= 1.085
        calm = field(lambda u, v: 1.0 - 0.65 * smoothstep(0.15, 1.0,
                    math.hypot((u - 0.60) * 1.5, v - 0.86) / 1.2))

        # The quarter's sector of the upper half, clear of the horizon: Q1 at the left,
        # Q4 at the right, 35 degrees each.
        start = 200 + 35 * (quarter - 1)
        sector, d = mask()
        far = s(radii[-1])
        d.pieslice([s(cx) - far, s(cy) - far, s(cx) + far, s(cy) + far],
                   start, start + 35, fill=255)
        sector = sector.filter(ImageFilter.GaussianBlur(s(70)))
        glow = field(lambda u, v: math.exp(-((math.hypot((u - 0.60) * 1.5, v - 0.86)) / 0.80) ** 2))
        paint(art, sector, LIGHT, 0.13, glow)

        fine, df = mask()
        bold, db = mask()
        for i, r in enumerate(radii):
            box = [s(cx - r), s(cy - r), s(cx + r), s(cy + r)]
            if i % 4 == 1:
                db.ellipse(box, outline=255, width=s(3))
            else:
                df.ellipse(box, outline=255, width=s(1.5))
        paint(art, fine, LIGHT, 0.38, calm)
        paint(art, bold, PALE, 0.55, calm)

        # The accent: one ring's arc across the quarter's sector, with a bead at each end.
        ring = radii[9]
        accent, da = mask()
        box = [s(cx - ring), s(cy - ring), s(cx + ring), s(cy + ring)]
        da.arc(box, start + 1.5, start + 33.5, fill=255, width=s(7))
        for angle in (start + 1.5, start + 33.5):
            x = cx + ring * math.cos(math.radians(angle))
            y = cy + ring * math.sin(math.radians(angle))
            da.ellipse([s(x - 9), s(y - 9), s(x + 9), s(y + 9)], fill=255)
        paint(art, accent, ACCENT, 0.95)

        # The source of the ripples: a quiet white point.
        core, dc = mask()
        dc.ellipse([s(cx - 16), s(cy - 16), s(cx + 16), s(cy + 16)], fill=255)
        paint(art, core, WHITE, 0.85)
        return finish(art)
    return draw


# --- the Smart City booklet: a city graph ---------------------------------------------------

def smart_city(rng: random.Random) -> Image.Image:
    art = background(0.66, 0.40, 0.55, 0.55)
    # A jittered triangular lattice: blocks of a city, never two nodes too close.
    pitch = 150.0
    nodes = {}
    for j in range(-1, int(HEIGHT / (pitch * 0.866)) + 2):
        for i in range(-1, int(WIDTH / pitch) + 2):
            x = (i + (0.5 if j % 2 else 0.0)) * pitch + rng.uniform(-0.22, 0.22) * pitch
            y = j * pitch * 0.866 + rng.uniform(-0.22, 0.22) * pitch
            nodes[(i, j)] = (x, y)

    def density(x: float, y: float) -> float:
        """How built-up the city is: densest right of centre, thinning to the left."""
        du, dv = (x / WIDTH - 0.66) * 1.5, y / HEIGHT - 0.42
        return math.exp(-(du * du + dv * dv) / 0.45)

    alive = {k: p for k, p in sorted(nodes.items())
             if rng.random() < 0.10 + 0.90 * density(*p)}
    links = []
    for (i, j), p in sorted(alive.items()):
        odd = j % 2
        for di, dj in ((1, 0), (odd, 1), (odd - 1, 1)):
            q = alive.get((i + di, j + dj))
            if q is not None and rng.random() < 0.45 + 0.50 * density(*p):
                links.append((p, q))

    linked = {p for link in links for p in link}
    alive = {k: p for k, p in alive.items() if p in linked}
    city = field(lambda u, v: 0.30 + 0.70 * math.exp(
        -(((u - 0.66) * 1.5) ** 2 + (v - 0.42) ** 2) / 0.50))

    edges, d = mask()
    for p, q in links:
        d.line([(s(p[0]), s(p[1])), (s(q[0]), s(q[1]))], fill=255, width=s(2))
    paint(art, edges, LIGHT, 0.55, city)

    # A few arterial routes between hubs, brighter and wider.
    degree: dict = {}
    for p, q in links:
        degree[p] = degree.get(p, 0) + 1
        degree[q] = degree.get(q, 0) + 1
    candidates = sorted(alive.values(), key=lambda p: (-degree.get(p, 0) * density(*p), p))
    hubs = []
    for p in candidates:
        if all(math.dist(p, h) > 420 for h in hubs) and 120 < p[0] < WIDTH - 120 \
                and 120 < p[1] < HEIGHT * 0.62:
            hubs.append(p)
        if len(hubs) == 7:
            break
    routes, d = mask()
    hub_links = []
    for a in hubs:
        nearest = sorted((h for h in hubs if h != a), key=lambda h: math.dist(a, h))[:2]
        for b in nearest:
            if (b, a) not in hub_links:
                hub_links.append((a, b))
    for a, b in hub_links:
        d.line([(s(a[0]), s(a[1])), (s(b[0]), s(b[1]))], fill=255, width=s(3))
    paint(art, routes, PALE, 0.32, city)

    dots, d = mask()
    for p in alive.values():
        r = 4.5 + 3.0 * min(degree.get(p, 0), 4) / 4
        d.ellipse([s(p[0] - r), s(p[1] - r), s(p[0] + r), s(p[1] + r)], fill=255)
    paint(art, dots, PALE, 0.85, city)

    halos, d = mask()
    cores, dc = mask()
    accent, da = mask()
    for n, (x, y) in enumerate(hubs):
        ring = 34 if n else 42
        d.ellipse([s(x - ring), s(y - ring), s(x + ring), s(y + ring)], outline=255,
                  width=s(2.5))
        d.ellipse([s(x - 2 * ring), s(y - 2 * ring), s(x + 2 * ring), s(y + 2 * ring)],
                  outline=255, width=s(1.25))
        (da if n == 0 else dc).ellipse([s(x - 13), s(y - 13), s(x + 13), s(y + 13)], fill=255)
    paint(art, halos, PALE, 0.45)
    paint(art, cores, WHITE, 0.95)
    paint(art, accent, ACCENT, 1.0)
    return finish(art)


# --- the Horasis booklet: interlocking circles ----------------------------------------------

def horasis(rng: random.Random) -> Image.Image:
    art = background(0.62, 0.42, 0.60, 0.50)
    # Three circles of different sizes around a common centre, each overlapping the
    # others: partners meeting, no two alike.
    centre_x, centre_y = WIDTH * 0.60, HEIGHT * 0.40
    circles = []
    for angle, radius, reach in ((-155, 0.255, 0.150), (-25, 0.225, 0.145),
                                 (95, 0.195, 0.135)):
        a = math.radians(angle + rng.uniform(-4, 4))
        x = centre_x + HEIGHT * reach * 1.25 * math.cos(a)
        y = centre_y + HEIGHT * reach * math.sin(a)
        circles.append((x, y, HEIGHT * radius))

    # Translucent discs: where two meet the blue grows lighter.
    for x, y, r in circles:
        disc, d = mask()
        d.ellipse([s(x - r), s(y - r), s(x + r), s(y + r)], fill=255)
        paint(art, disc, MID, 0.20)

    # The lens where neighbours overlap: the dialogue, a touch paler still.
    pairs = [(circles[i], circles[j]) for i in range(3) for j in range(i + 1, 3)]
    for (x0, y0, r0), (x1, y1, r1) in pairs:
        a, da = mask()
        da.ellipse([s(x0 - r0), s(y0 - r0), s(x0 + r0), s(y0 + r0)], fill=255)
        b, db = mask()
        db.ellipse([s(x1 - r1), s(y1 - r1), s(x1 + r1), s(y1 + r1)], fill=255)
        paint(art, ImageChops.multiply(a, b), LIGHT, 0.16)

    # Outlines and their quiet echoes.
    rims, d = mask()
    echoes, de = mask()
    for x, y, r in circles:
        d.ellipse([s(x - r), s(y - r), s(x + r), s(y + r)], outline=255, width=s(3))
        for k in (1, 2, 3):
            e = r + 30 * k
            de.ellipse([s(x - e), s(y - e), s(x + e), s(y + e)], outline=255, width=s(1.25))
    outer = field(lambda u, v: 0.55 + 0.45 * smoothstep(0.0, 0.5, 1.0 - v))
    paint(art, echoes, LIGHT, 0.22, outer)
    paint(art, rims, PALE, 0.70)

    # Points where the circles meet: those inside the third circle, around the common
    # ground, in white (one of them in the accent); the outer ones quieter.
    inner, di = mask()
    outer_points, do = mask()
    accent, da = mask()
    for n, ((x0, y0, r0), (x1, y1, r1)) in enumerate(pairs):
        x2, y2, r2 = next(c for c in circles if c not in ((x0, y0, r0), (x1, y1, r1)))
        dist = math.dist((x0, y0), (x1, y1))
        along = (dist * dist + r0 * r0 - r1 * r1) / (2 * dist)
        half = math.sqrt(max(0.0, r0 * r0 - along * along))
        ux, uy = (x1 - x0) / dist, (y1 - y0) / dist
        mx, my = x0 + along * ux, y0 + along * uy
        for sign in (-1, 1):
            px, py = mx - sign * half * uy, my + sign * half * ux
            central = math.dist((px, py), (x2, y2)) < r2
            rad = 11 if central else 8
            target = (da if n == 0 else di) if central else do
            target.ellipse([s(px - rad), s(py - rad), s(px + rad), s(py + rad)], fill=255)
    paint(art, inner, WHITE, 0.95)
    paint(art, outer_points, PALE, 0.60)
    paint(art, accent, ACCENT, 1.0)
    return finish(art)


# --- the six covers -------------------------------------------------------------------------

COVERS = (
    ("ke-hoach-2019", 2019_04_22, plan),
    ("ban-tin/2019-q2", 2019_02, bulletin(2)),
    ("ban-tin/2019-q3", 2019_03, bulletin(3)),
    ("ban-tin/2019-q4", 2019_04, bulletin(4)),
    ("thanh-pho-thong-minh", 2019_21, smart_city),
    ("horasis-2019", 2019_11, horasis),
)


def main() -> int:
    only = set(sys.argv[1:])
    for folder, seed, draw in COVERS:
        if only and folder not in only:
            continue
        image = draw(random.Random(seed))
        target = DOCS / folder / "cover.jpg"
        image.save(target, "JPEG", quality=90, optimize=True, subsampling=0,
                   dpi=(300, 300))
        print(f"{target.relative_to(ROOT)}: {target.stat().st_size // 1024} KiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
