"""Render the demo corpus's scanned leaks: a photographed slide (PNG) and an image-only PDF.

The two leaked documents exist only as pictures, as real leaks often do, so that the
demo exercises OCR.  This script draws their text with Pillow and a DejaVu font, adds
a slight rotation, uneven paper tone and speckle noise so they look scanned, and
writes them into examples/corpus/.  Everything is seeded: running it again produces
byte-identical files, which are committed.

    .venv/bin/python scripts/make_scans.py
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

CORPUS = Path(__file__).resolve().parents[1] / "examples" / "corpus"
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
REGULAR = FONT_DIR / "DejaVuSans.ttf"
BOLD = FONT_DIR / "DejaVuSans-Bold.ttf"
MONO = FONT_DIR / "DejaVuSansMono.ttf"

# (style, text) lines; style is "title", "head", "body", "mono" or "gap".
SLIDE_LINES = [
    ("head", "BOREAL ALLIANCE  -  RESTRICTED"),
    ("head", "JOINT OPERATIONS CELL  |  SOF FOOTPRINT: VALDORIA"),
    ("gap", ""),
    ("title", "As of 1 March 2026"),
    ("gap", ""),
    ("body", "47 alliance special operations personnel deployed in Valdoria."),
    ("gap", ""),
    ("body", "Korvel sector: 29 personnel (advise and assist)."),
    ("body", "Tarn valley sector: 18 personnel (liaison and targeting support)."),
    ("body", "The next rotation is due on 15 April 2026."),
    ("gap", ""),
    ("body", "Public line: no comment on numbers or locations."),
    ("gap", ""),
    ("mono", "Slide 7 of 12        RESTRICTED - DO NOT FORWARD"),
]

ASSESSMENT_LINES = [
    ("head", "BOREAL ALLIANCE - INTELLIGENCE DIVISION"),
    ("head", "RESTRICTED - ALLIANCE EYES ONLY"),
    ("gap", ""),
    ("body", "Assessment 26/041, 27 February 2026"),
    ("body", "Subject: Kharzan losses in the Tarn valley offensive"),
    ("gap", ""),
    ("body", "1. Summary. Since the offensive began on 2 March 2025,"),
    ("body", "Kharzan forces have lost between 12,000 and 14,500"),
    ("body", "soldiers killed in action."),
    ("gap", ""),
    ("body", "2. Including the wounded, Kharzan losses are approaching"),
    ("body", "40,000 soldiers killed and wounded."),
    ("gap", ""),
    ("body", "3. Public claims. The Kharzan Ministry of Defence claims"),
    ("body", "that no more than 3,100 servicemen have been killed."),
    ("body", "This figure is not credible."),
    ("gap", ""),
    ("body", "4. Confidence: moderate. Figures for February are incomplete."),
    ("gap", ""),
    ("mono", "Distribution: JOC, Policy Directorate. Page 1 of 1."),
]


def _fonts(scale: float) -> dict[str, ImageFont.FreeTypeFont]:
    return {
        "title": ImageFont.truetype(str(BOLD), int(40 * scale)),
        "head": ImageFont.truetype(str(BOLD), int(27 * scale)),
        "body": ImageFont.truetype(str(REGULAR), int(29 * scale)),
        "mono": ImageFont.truetype(str(MONO), int(22 * scale)),
    }


def render(lines: list[tuple[str, str]], size: tuple[int, int], seed: int, margin: int = 90,
           angle: float = 0.6, scale: float = 1.0) -> Image.Image:
    """Draw the lines on a sheet and make it look like a scan (rotation, tone, speckles)."""
    rng = random.Random(seed)
    width, height = size
    page = Image.new("L", size, 250)
    draw = ImageDraw.Draw(page)
    fonts = _fonts(scale)
    text_boxes: list[tuple[int, int, int, int]] = []
    y = margin
    for style, text in lines:
        if style == "gap":
            y += int(24 * scale)
            continue
        font = fonts[style]
        draw.text((margin, y), text, fill=rng.randint(15, 40), font=font)
        text_boxes.append(draw.textbbox((margin, y), text, font=font))
        y += int(font.size * 1.5)
    # A ruled frame, as on a printed slide or form.
    draw.rectangle([margin // 2, margin // 2, width - margin // 2, height - margin // 2], outline=120, width=2)
    # Uneven paper tone: a soft left-to-right gradient.
    tone = Image.linear_gradient("L").rotate(90).resize(size)
    page = Image.blend(page, Image.eval(tone, lambda v: 235 + v // 20), 0.15)
    # Speckles: dust and drop-outs.  Dark dust stays clear of the lines of text (a
    # speck beside a word is read as punctuation); inside them only faint grey.
    pixels = page.load()
    pad = 12
    for _ in range(width * height // 900):
        x, yy = rng.randrange(width), rng.randrange(height)
        near_text = any(x0 - pad <= x <= x1 + pad and y0 - pad <= yy <= y1 + pad for x0, y0, x1, y1 in text_boxes)
        pixels[x, yy] = rng.choice((200, 225, 255)) if near_text else rng.choice((60, 90, 255))
    page = page.rotate(angle, resample=Image.Resampling.BICUBIC, expand=False, fillcolor=245)
    page = page.filter(ImageFilter.GaussianBlur(0.5))
    # Quantise to a few grey levels: smaller files, still OCR-readable.
    return page.quantize(16, dither=Image.Dither.NONE).convert("L")


def main() -> int:
    for font in (REGULAR, BOLD, MONO):
        if not font.exists():
            print(f"missing font {font}: install fonts-dejavu-core", file=sys.stderr)
            return 1
    CORPUS.mkdir(parents=True, exist_ok=True)

    slide = render(SLIDE_LINES, (1400, 800), seed=47, margin=70, angle=-0.8)
    slide_path = CORPUS / "leaked_sof_footprint_slide_2026-03-01.png"
    slide.save(slide_path, optimize=True)

    # A4 at 200 dpi; saved as a PDF that holds only the image (no text layer).
    sheet = render(ASSESSMENT_LINES, (1654, 2339), seed=2641, margin=150, angle=0.5, scale=1.35)
    pdf_path = CORPUS / "leaked_losses_assessment_2026-02-27.pdf"
    fixed = time.strptime("2026-02-27 09:00:00", "%Y-%m-%d %H:%M:%S")
    sheet.save(pdf_path, "PDF", resolution=200.0, title="scan", creationDate=fixed, modDate=fixed)

    for path in (slide_path, pdf_path):
        print(f"wrote {path.relative_to(CORPUS.parents[1])} ({path.stat().st_size // 1024} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
