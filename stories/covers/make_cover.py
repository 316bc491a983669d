#!/usr/bin/env python3
"""Generate the cover for "The Lighthouse Letters" (stories/covers/lighthouse.png).

An abstract dusk seascape built from gradients and simple shapes: a banded
sky, a lighthouse on a dark rock sweeping two soft beams across the water,
and a single warm window on the far shore. The picture contains no text.

Deterministic (fixed random seed), so re-running it reproduces the same file.
Requires Pillow:  pip install pillow
Usage:            python3 make_cover.py [output.png]
"""

import math
import random
import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

W, H = 1200, 1800
HORIZON = 1080  # y coordinate of the sea horizon
SEED = 1893

OUT = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).with_name("lighthouse.png")


def lerp(a, b, t):
    return a + (b - a) * t


def lerp_rgb(c1, c2, t):
    return tuple(int(round(lerp(x, y, t))) for x, y in zip(c1, c2))


def gradient_stops(stops, t):
    """Piecewise-linear colour ramp. stops: [(pos, (r, g, b)), ...] sorted by pos."""
    for (p0, c0), (p1, c1) in zip(stops, stops[1:]):
        if t <= p1:
            return lerp_rgb(c0, c1, (t - p0) / (p1 - p0) if p1 > p0 else 0.0)
    return stops[-1][1]


def vertical_gradient(draw, y0, y1, stops):
    for y in range(y0, y1):
        t = (y - y0) / max(1, (y1 - y0 - 1))
        draw.line([(0, y), (W, y)], fill=gradient_stops(stops, t))


def main():
    rng = random.Random(SEED)
    img = Image.new("RGB", (W, H))
    d = ImageDraw.Draw(img)

    # --- Sky: deep indigo overhead, through violet, to a low ember glow.
    vertical_gradient(d, 0, HORIZON, [
        (0.00, (12, 16, 42)),
        (0.45, (34, 38, 88)),
        (0.75, (96, 70, 120)),
        (0.92, (214, 128, 104)),
        (1.00, (246, 186, 120)),
    ])

    # --- Stars, only in the upper, darker part of the sky.
    for _ in range(170):
        x = rng.randrange(W)
        y = int(rng.random() ** 1.6 * HORIZON * 0.6)
        r = rng.choice((1, 1, 1, 2))
        b = rng.randint(150, 240)
        d.ellipse([x - r, y - r, x + r, y + r], fill=(b, b, min(255, b + 15)))

    # --- A pale moon with a soft halo.
    halo = Image.new("L", (W, H), 0)
    ImageDraw.Draw(halo).ellipse([820, 190, 1060, 430], fill=90)
    halo = halo.filter(ImageFilter.GaussianBlur(60))
    img.paste(Image.new("RGB", (W, H), (236, 226, 210)), (0, 0), halo)
    d = ImageDraw.Draw(img)
    d.ellipse([900, 270, 980, 350], fill=(244, 236, 218))

    # --- Sea: horizontal bands darkening towards the viewer.
    vertical_gradient(d, HORIZON, H, [
        (0.00, (150, 110, 120)),
        (0.08, (58, 66, 108)),
        (0.40, (26, 40, 74)),
        (1.00, (8, 16, 34)),
    ])
    # Long thin wave strokes, sparser and wider as they come closer.
    for i in range(140):
        t = rng.random()
        y = int(HORIZON + 8 + (t ** 1.8) * (H - HORIZON - 8))
        length = int(lerp(40, 380, t)) + rng.randint(0, 60)
        x = rng.randint(-50, W)
        shade = lerp_rgb((120, 104, 140), (40, 62, 104), t)
        d.line([(x, y), (x + length, y)], fill=shade, width=1 if t < 0.5 else 2)

    # --- Far shore: low hills on the horizon with one lit window.
    shore = [(0, HORIZON)]
    for x in range(0, W + 1, 40):
        shore.append((x, HORIZON - 18 - 22 * math.sin(x / 170.0) - 10 * math.sin(x / 53.0)))
    shore.append((W, HORIZON))
    d.polygon(shore, fill=(52, 40, 70))
    # Village block and the window (third from the left, of course).
    for i, x in enumerate(range(140, 240, 22)):
        d.rectangle([x, HORIZON - 44, x + 16, HORIZON - 14], fill=(44, 34, 60))
        if i == 2:
            d.rectangle([x + 5, HORIZON - 36, x + 11, HORIZON - 28], fill=(255, 214, 120))

    # --- Light beams from the lamp room, drawn on an overlay and blurred.
    lamp = (430, 610)
    beams = Image.new("RGBA", (W, H), (0, 0, 0, 0))
    bd = ImageDraw.Draw(beams)
    for angle, spread, alpha in ((-8, 7, 120), (176, 5, 70)):
        a0, a1 = math.radians(angle - spread), math.radians(angle + spread)
        reach = 2000
        pts = [lamp,
               (lamp[0] + reach * math.cos(a0), lamp[1] + reach * math.sin(a0)),
               (lamp[0] + reach * math.cos(a1), lamp[1] + reach * math.sin(a1))]
        bd.polygon(pts, fill=(255, 236, 180, alpha))
    beams = beams.filter(ImageFilter.GaussianBlur(18))
    img = Image.alpha_composite(img.convert("RGBA"), beams).convert("RGB")
    d = ImageDraw.Draw(img)

    # --- Moon glitter: a broken column of pale dashes on the water.
    for i in range(70):
        t = i / 70
        y = int(HORIZON + 10 + t * (H - HORIZON - 40))
        half = int(lerp(5, 90, t) * (0.4 + rng.random()))
        x = 940 + rng.randint(-10, 10) + int(t * 40 * (rng.random() - 0.5))
        col = lerp_rgb((236, 214, 190), (70, 82, 120), t ** 0.8)
        d.line([(x - half, y), (x + half, y)], fill=col, width=2 if t < 0.6 else 3)

    # --- Reflection of the lamp, trailing out beyond the rock.
    for i in range(40):
        t = i / 40
        y = int(1340 + t * (H - 1380))
        half = int(lerp(10, 60, t) * (0.4 + rng.random()))
        x = 430 + rng.randint(-14, 14)
        col = lerp_rgb((214, 170, 110), (40, 48, 80), t ** 0.7)
        d.line([(x - half, y), (x + half, y)], fill=col, width=2)

    # --- The rock: a low, faceted islet with a fringe of foam.
    rock = [(200, 1330), (240, 1270), (300, 1230), (360, 1205), (470, 1200),
            (560, 1215), (620, 1250), (680, 1300), (720, 1330)]
    # Foam: the same outline, widened and dropped a little, drawn underneath.
    for grow, drop, colour in ((0.10, 9, (64, 78, 116)), (0.05, 5, (150, 160, 192))):
        foam = [(460 + (x - 460) * (1 + grow), y + drop) for x, y in rock]
        d.polygon(foam, fill=colour)
    d.polygon(rock, fill=(14, 14, 24))
    d.polygon([(240, 1270), (300, 1230), (360, 1205), (330, 1300)], fill=(28, 26, 40))
    d.polygon([(560, 1215), (620, 1250), (600, 1310), (520, 1260)], fill=(22, 20, 34))

    # --- The tower: tapered, with alternating bands.
    base_y, top_y = 1215, 650
    base_half, top_half = 70, 42
    bands = 6
    for i in range(bands):
        y0 = lerp(base_y, top_y, i / bands)
        y1 = lerp(base_y, top_y, (i + 1) / bands)
        h0 = lerp(base_half, top_half, i / bands)
        h1 = lerp(base_half, top_half, (i + 1) / bands)
        fill = (226, 220, 210) if i % 2 == 0 else (150, 42, 48)
        d.polygon([(lamp[0] - h0, y0), (lamp[0] + h0, y0),
                   (lamp[0] + h1, y1), (lamp[0] - h1, y1)], fill=fill)
    # Shade the right-hand side of the tower.
    shade = Image.new("RGBA", (W, H), (0, 0, 0, 0))
    ImageDraw.Draw(shade).polygon(
        [(lamp[0] + 8, base_y), (lamp[0] + base_half, base_y),
         (lamp[0] + top_half, top_y), (lamp[0] + 6, top_y)], fill=(10, 10, 30, 90))
    img = Image.alpha_composite(img.convert("RGBA"), shade).convert("RGB")
    d = ImageDraw.Draw(img)

    # Gallery, lamp room and cap.
    d.rectangle([lamp[0] - 62, top_y - 14, lamp[0] + 62, top_y], fill=(30, 30, 42))
    d.rectangle([lamp[0] - 40, top_y - 74, lamp[0] + 40, top_y - 14], fill=(255, 230, 160))
    for x in range(lamp[0] - 40, lamp[0] + 41, 20):
        d.line([(x, top_y - 74), (x, top_y - 14)], fill=(40, 36, 48), width=3)
    d.polygon([(lamp[0] - 50, top_y - 74), (lamp[0] + 50, top_y - 74),
               (lamp[0], top_y - 130)], fill=(30, 30, 42))
    d.ellipse([lamp[0] - 6, top_y - 142, lamp[0] + 6, top_y - 130], fill=(30, 30, 42))

    # Soft glow around the lamp room.
    glow = Image.new("L", (W, H), 0)
    ImageDraw.Draw(glow).ellipse([lamp[0] - 120, top_y - 160, lamp[0] + 120, top_y + 70], fill=110)
    glow = glow.filter(ImageFilter.GaussianBlur(45))
    img.paste(Image.new("RGB", (W, H), (255, 226, 160)), (0, 0), glow)

    img = img.convert("RGB")
    OUT.parent.mkdir(parents=True, exist_ok=True)
    img.save(OUT, "PNG", optimize=True)
    print(f"wrote {OUT} ({OUT.stat().st_size // 1024} KB, {img.size[0]}x{img.size[1]} {img.mode})")


if __name__ == "__main__":
    main()
