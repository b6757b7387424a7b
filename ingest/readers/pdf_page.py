"""What one PDF page holds, read once through PDFium: its characters with their boxes, the
ruling segments a table is drawn with, and how much of it is picture.

PDFium reads a page in C about 30 times faster than pdfminer (290 real report pages: 12 s
against 350 s), so a page is parsed exactly once, here, and everything later (tables, lines,
levels, running headers) works on these plain records.

Coordinates are PDF points with the origin at the top left of the page (y grows downwards),
as pdfplumber's table geometry expects.
"""

from __future__ import annotations

import ctypes
import math
import threading
from dataclasses import dataclass, field

# PDFium keeps global state and is not thread-safe: one page is read at a time per process.
PDFIUM_LOCK = threading.RLock()

_SPACES = {" ", "\u00a0", "\u3000", "\t"}
_SKIPPED = {"\r", "\n", "\ufffe", "\uffff", "\x00", "\x02"}
# A segment shorter than this is a dot of a dotted rule; dots are joined into rules later.
MIN_SEGMENT = 0.3
# A drawn stroke thinner than this counts as a line, not as the side of a filled area.
THIN = 2.0
# A stroked path of at least this many points and this size (points) is a frame in itself.
FRAME_POINTS = 12
MIN_FRAME = 8.0
# How far, in ems of the glyph's font size, a glyph's box may reach above and below its
# baseline. PDFium's loose box spans the vertical metrics the font declares (Ascent/Descent,
# FontBBox), and some embedded fonts declare far more than any glyph needs: HaansoftBatang, used
# for the bullets (❍) of a Hangul report, says 1.83 em up and 0.5 em down, so each bullet's box
# covered the lines above and below it and three lines were read as one, letters interleaved.
# Text fonts declare 0.75-1.08 em up and 0.15-0.33 em down (HCR Batang/Dotum: 0.43 down, trimmed).
MAX_ASCENT = 1.1
MAX_DESCENT = 0.35


@dataclass
class Glyph:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    space_before: bool = False  # a space (written, or inferred by PDFium from the gap) right before it
    order: int = 0  # position in the content stream
    break_before: bool = False  # PDFium ended its own text line right before it

    @property
    def height(self) -> float:
        return self.bottom - self.top

    @property
    def cx(self) -> float:
        """The x that says which cell or box a glyph is in. The loose box of a narrow glyph
        (a closing parenthesis) reaches past its ink into the next cell, so the point is taken
        near the glyph's start."""
        return self.x0 + 0.4 * min(self.x1 - self.x0, self.height)

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass
class PageContent:
    number: int  # 1-based
    width: float
    height: float
    glyphs: list[Glyph] = field(default_factory=list)
    edges: list[dict] = field(default_factory=list)  # pdfplumber edge dicts (orientation h/v)
    # Outlines of frames drawn as one path of many short strokes (rounded or dotted boxes),
    # whose sides never meet at ruled corners.
    frames: list[tuple[float, float, float, float]] = field(default_factory=list)
    n_images: int = 0
    n_paths: int = 0

    @property
    def has_text(self) -> bool:
        return any(g.text.strip() for g in self.glyphs)

    @property
    def has_drawing(self) -> bool:
        return self.n_images > 0 or self.n_paths > 0


def open_pdf(raw: bytes):
    import pypdfium2 as pdfium

    with PDFIUM_LOCK:
        return pdfium.PdfDocument(raw)


def properties(pdf) -> dict[str, str]:
    """Title, Author, Subject, Keywords, Creator and Producer, where the file has them."""
    with PDFIUM_LOCK:
        meta = pdf.get_metadata_dict(skip_empty=True)
    return {k: v.strip() for k, v in meta.items() if k not in ("CreationDate", "ModDate") and v.strip()}


def read_page(pdf, index: int) -> PageContent:
    with PDFIUM_LOCK:
        page = pdf[index]
        try:
            width, height = page.get_size()
            content = PageContent(index + 1, width, height)
            textpage = page.get_textpage()
            try:
                content.glyphs = _glyphs(textpage, height)
            finally:
                textpage.close()
            _drawing(page, content)
        finally:
            page.close()
    return content


def _glyphs(textpage, page_height: float) -> list[Glyph]:
    import pypdfium2.raw as pdfium_c

    tp = textpage.raw
    rect = pdfium_c.FS_RECTF()
    heights = _EmLimits(tp, page_height)
    out: list[Glyph] = []
    pending_space = pending_break = pending_inferred = False
    for i in range(pdfium_c.FPDFText_CountChars(tp)):
        code = pdfium_c.FPDFText_GetUnicode(tp, i)
        ch = chr(code) if 0 < code < 0x110000 else ""
        if not ch or ch in _SKIPPED:
            pending_break = pending_break or ch in ("\r", "\n")
            continue
        generated = pdfium_c.FPDFText_IsGenerated(tp, i) == 1
        if ch in _SPACES:
            if generated:
                pending_inferred = True
            else:
                pending_space = True
            continue
        if generated:
            continue
        if not pdfium_c.FPDFText_GetLooseCharBox(tp, i, ctypes.byref(rect)):
            continue
        top, bottom = page_height - rect.top, page_height - rect.bottom
        top, bottom = heights.limit(i, top, bottom)
        # Hangul writes few space characters: the spaces PDFium infers from the gaps are the
        # word breaks. (Where a font changes inside a word, "4" "급" in a LibreOffice export,
        # the inferred space is wrong; the table parser still reads "4 급" as a label.)
        out.append(Glyph(ch, rect.left, rect.right, top, bottom, pending_space or pending_inferred, 0, pending_break))
        pending_space = pending_break = pending_inferred = False
    out = _without_doubles(out)
    _trim_advances(out)
    for n, g in enumerate(out):
        g.order = n
    return out


class _EmLimits:
    """Each glyph's top and bottom, no further from its baseline than MAX_ASCENT and
    MAX_DESCENT ems. Glyphs of one run share their loose top and bottom (one font, size and
    baseline), so the font size, matrix and origin are asked for once per run."""

    def __init__(self, tp, page_height: float) -> None:
        import pypdfium2.raw as pdfium_c

        self.c, self.tp, self.page_height = pdfium_c, tp, page_height
        self.matrix = pdfium_c.FS_MATRIX()
        self.ox, self.oy = ctypes.c_double(), ctypes.c_double()
        self.seen: dict[tuple[float, float], tuple[float, float]] = {}

    def limit(self, i: int, top: float, bottom: float) -> tuple[float, float]:
        key = (top, bottom)
        if key not in self.seen:
            self.seen[key] = self._measure(i, top, bottom)
        return self.seen[key]

    def _measure(self, i: int, top: float, bottom: float) -> tuple[float, float]:
        c, tp, m = self.c, self.tp, self.matrix
        size = c.FPDFText_GetFontSize(tp, i)
        if size <= 0 or not c.FPDFText_GetMatrix(tp, i, ctypes.byref(m)):
            return top, bottom
        if abs(m.b) > 0.01 * abs(m.a) or m.a <= 0 or m.d <= 0:
            return top, bottom  # rotated or mirrored: the box is not measured from a horizontal baseline
        em = size * math.hypot(m.c, m.d)  # the size scaled by the text and page matrices
        if not c.FPDFText_GetCharOrigin(tp, i, ctypes.byref(self.ox), ctypes.byref(self.oy)):
            return top, bottom
        baseline = self.page_height - self.oy.value
        if not top <= baseline <= bottom:
            return top, bottom
        return max(top, baseline - MAX_ASCENT * em), min(bottom, baseline + MAX_DESCENT * em)


def _trim_advances(glyphs: list[Glyph]) -> None:
    """PDFium's loose box is as wide as the font's em square, so a digit or a colon seems to
    overlap the next character. Within a run of the content stream the next glyph's start is
    the true end of this one."""
    for a, b in zip(glyphs, glyphs[1:]):
        same_line = abs(a.cy - b.cy) < 0.5 * max(a.height, b.height, 1.0)
        if same_line and a.x0 < b.x0 < a.x1:
            a.x1 = b.x0


def _without_doubles(glyphs: list[Glyph]) -> list[Glyph]:
    """Hangul word processors fake bold by drawing a glyph twice, shifted by a fraction of a
    point: keep one."""
    seen: dict[tuple[str, int, int], Glyph] = {}
    out = []
    for g in glyphs:
        key = (g.text, round(g.x0), round(g.top))
        other = seen.get(key)
        if other is not None and abs(other.x0 - g.x0) < 1.0 and abs(other.top - g.top) < 1.0:
            continue
        seen[key] = g
        out.append(g)
    return out


def _drawing(page, content: PageContent) -> None:
    import pypdfium2.raw as pdfium_c

    identity = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    stack = [(page.raw, identity, False)]
    filled: list[tuple[float, float, float, float]] = []
    while stack:
        parent, matrix, is_form = stack.pop()
        count = (pdfium_c.FPDFFormObj_CountObjects if is_form else pdfium_c.FPDFPage_CountObjects)(parent)
        get = pdfium_c.FPDFFormObj_GetObject if is_form else pdfium_c.FPDFPage_GetObject
        for i in range(max(count, 0)):
            obj = get(parent, i)
            kind = pdfium_c.FPDFPageObj_GetType(obj)
            if kind == pdfium_c.FPDF_PAGEOBJ_IMAGE:
                content.n_images += 1
            elif kind == pdfium_c.FPDF_PAGEOBJ_PATH:
                content.n_paths += 1
                if is_form or not _simple_line(obj, content):
                    _path(obj, _compose(_matrix(obj), matrix), content, filled)
            elif kind == pdfium_c.FPDF_PAGEOBJ_FORM:
                stack.append((obj, _compose(_matrix(obj), matrix), True))
    content.edges.extend(_filled_edges(filled))
    content.edges = [e for e in (_clip(e, content.width, content.height) for e in content.edges) if e]


def _simple_line(obj, content: PageContent) -> bool:
    """A stroked two-point path (a rule, or one dash of a dotted rule: most of a page's paths)
    read from its bounds in two calls instead of ten. False when the path is anything else."""
    import pypdfium2.raw as pdfium_c

    if pdfium_c.FPDFPath_CountSegments(obj) != 2:
        return False
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    pdfium_c.FPDFPath_GetDrawMode(obj, ctypes.byref(fill), ctypes.byref(stroke))
    if not stroke.value or fill.value:
        return not fill.value  # invisible: nothing to read
    l, b, r, t = ctypes.c_float(), ctypes.c_float(), ctypes.c_float(), ctypes.c_float()
    if not pdfium_c.FPDFPageObj_GetBounds(obj, ctypes.byref(l), ctypes.byref(b), ctypes.byref(r), ctypes.byref(t)):
        return False
    x0, x1, top, bottom = l.value, r.value, content.height - t.value, content.height - b.value
    w, h = x1 - x0, bottom - top
    if min(w, h) >= THIN and min(w, h) > 0.2 * max(w, h):
        return True  # a diagonal stroke rules nothing (a thick rule is long and thin)
    if x1 - x0 >= bottom - top:  # longer than high (the bounds include the stroke's width)
        y = (top + bottom) / 2
        _add_edge(content.edges, (x0, y), (x1, y))
    else:
        x = (x0 + x1) / 2
        _add_edge(content.edges, (x, top), (x, bottom))
    return True


def _matrix(obj) -> tuple[float, ...]:
    import pypdfium2.raw as pdfium_c

    m = pdfium_c.FS_MATRIX()
    if not pdfium_c.FPDFPageObj_GetMatrix(obj, ctypes.byref(m)):
        return (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _compose(inner: tuple[float, ...], outer: tuple[float, ...]) -> tuple[float, ...]:
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _path(obj, m: tuple[float, ...], content: PageContent, filled: list) -> None:
    """A stroked path rules with every straight segment; a filled rectangle is kept aside
    (a thin one is a rule, a stack of thin ones is a gradient, a large one a shaded cell)."""
    import pypdfium2.raw as pdfium_c

    fill, stroke = ctypes.c_int(), ctypes.c_int()
    pdfium_c.FPDFPath_GetDrawMode(obj, ctypes.byref(fill), ctypes.byref(stroke))
    if not fill.value and not stroke.value:
        return  # a clipping path or an invisible construction line
    points = _points(obj, m, content.height)
    if not stroke.value:
        rect = _rectangle(points)
        if rect is not None:
            filled.append(rect)
        return
    content.edges.extend(_segments(points))
    if len(points) >= FRAME_POINTS:
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        box = (min(xs), min(ys), max(xs), max(ys))
        if box[2] - box[0] >= MIN_FRAME and box[3] - box[1] >= MIN_FRAME and _closed(points, box):
            content.frames.append(box)


def _closed(points: list[tuple[float, float, int, bool]], box: tuple[float, float, float, float]) -> bool:
    """The strokes run round the whole outline: points near each of its four sides."""
    tol = 0.15 * min(box[2] - box[0], box[3] - box[1]) + 1.0
    return (any(abs(p[0] - box[0]) <= tol for p in points) and any(abs(p[0] - box[2]) <= tol for p in points)
            and any(abs(p[1] - box[1]) <= tol for p in points) and any(abs(p[1] - box[3]) <= tol for p in points))


def _points(obj, m: tuple[float, ...], page_height: float) -> list[tuple[float, float, int, bool]]:
    import pypdfium2.raw as pdfium_c

    x, y = ctypes.c_float(), ctypes.c_float()
    points = []
    for i in range(pdfium_c.FPDFPath_CountSegments(obj)):
        seg = pdfium_c.FPDFPath_GetPathSegment(obj, i)
        if not pdfium_c.FPDFPathSegment_GetPoint(seg, ctypes.byref(x), ctypes.byref(y)):
            continue
        px, py = m[0] * x.value + m[2] * y.value + m[4], m[1] * x.value + m[3] * y.value + m[5]
        points.append((px, page_height - py, pdfium_c.FPDFPathSegment_GetType(seg),
                       bool(pdfium_c.FPDFPathSegment_GetClose(seg))))
    return points


def _segments(points: list[tuple[float, float, int, bool]]) -> list[dict]:
    import pypdfium2.raw as pdfium_c

    edges: list[dict] = []
    start: tuple[float, float] | None = None
    prev: tuple[float, float] | None = None
    for px, py, kind, closes in points:
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO or prev is None:
            start = prev = (px, py)
            continue
        if kind == pdfium_c.FPDF_SEGMENT_LINETO:
            _add_edge(edges, prev, (px, py))
        prev = (px, py)
        if closes and start is not None:
            _add_edge(edges, prev, start)
            prev = start
    return edges


def _rectangle(points: list[tuple[float, float, int, bool]]) -> tuple[float, float, float, float] | None:
    """The box of a filled path that is one axis-aligned rectangle, else None."""
    import pypdfium2.raw as pdfium_c

    if not 4 <= len(points) <= 6 or any(k == pdfium_c.FPDF_SEGMENT_BEZIERTO for _, _, k, _ in points):
        return None
    xs = sorted({round(p[0], 1) for p in points})
    ys = sorted({round(p[1], 1) for p in points})
    if len(xs) > 2 and xs[-1] - xs[0] > 0.6 or len(ys) > 2 and ys[-1] - ys[0] > 0.6:
        if not (_two_values(xs) and _two_values(ys)):
            return None
    return (xs[0], ys[0], xs[-1], ys[-1])


def _two_values(values: list[float]) -> bool:
    return all(min(abs(v - values[0]), abs(v - values[-1])) < 0.3 for v in values)


def _filled_edges(rects: list[tuple[float, float, float, float]]) -> list[dict]:
    """Thin filled rectangles are rules; touching stacks of them (a gradient drawn as strips)
    and large ones (shaded cells, title bars) rule along their outline."""
    edges: list[dict] = []
    for x0, top, x1, bottom in _merge_stacks(rects):
        w, h = x1 - x0, bottom - top
        if h < THIN and w >= THIN:
            _add_edge(edges, (x0, (top + bottom) / 2), (x1, (top + bottom) / 2))
        elif w < THIN and h >= THIN:
            _add_edge(edges, ((x0 + x1) / 2, top), ((x0 + x1) / 2, bottom))
        elif w >= THIN and h >= THIN:
            for p, q in (((x0, top), (x1, top)), ((x0, bottom), (x1, bottom)),
                         ((x0, top), (x0, bottom)), ((x1, top), (x1, bottom))):
                _add_edge(edges, p, q)
    return edges


def _merge_stacks(rects: list[tuple[float, float, float, float]]) -> list[tuple[float, float, float, float]]:
    """Filled rectangles with strips painted edge to edge, top to bottom or left to right,
    taken out (see `_unless_gradient`); the rest unchanged."""
    rects = _drop_runs(rects, axis=1)  # strips one below the other
    return _drop_runs(rects, axis=0)  # strips side by side


def _drop_runs(rects: list[tuple[float, float, float, float]], axis: int) -> list[tuple[float, float, float, float]]:
    lo, hi = axis, axis + 2  # the coordinate the strips advance along: top/bottom or x0/x1
    other = (1, 3) if axis == 0 else (0, 2)
    groups: dict[tuple[int, int], list[tuple[float, float, float, float]]] = {}
    for r in rects:
        groups.setdefault((round(r[other[0]]), round(r[other[1]])), []).append(r)
    out = []
    for group in groups.values():
        group.sort(key=lambda r: r[lo])
        run = [group[0]]
        for r in group[1:]:
            if r[lo] <= run[-1][hi] + 0.3 and _strip(r, lo, hi) and _strip(run[-1], lo, hi):
                run.append(r)
            else:
                out.extend(_unless_gradient(run))
                run = [r]
        out.extend(_unless_gradient(run))
    return out


def _strip(r: tuple[float, float, float, float], lo: int, hi: int) -> bool:
    """Narrow along the axis a gradient advances, long across it."""
    along, across = r[hi] - r[lo], (r[2] - r[0]) + (r[3] - r[1]) - (r[hi] - r[lo])
    return along <= 2 * THIN and along <= 0.25 * across


def _unless_gradient(run: list[tuple[float, float, float, float]]) -> list[tuple[float, float, float, float]]:
    """Three or more thin strips stacked edge to edge paint a gradient (a title bar, a
    highlighted heading): decoration, not a rule."""
    return run if len(run) < 3 else []


def _clip(e: dict, width: float, height: float) -> dict | None:
    if e["orientation"] == "h":
        if not 0 <= e["top"] <= height:
            return None
        x0, x1 = max(e["x0"], 0.0), min(e["x1"], width)
        if x1 - x0 < MIN_SEGMENT:
            return None
        return dict(e, x0=x0, x1=x1, width=x1 - x0)
    if not 0 <= e["x0"] <= width:
        return None
    top, bottom = max(e["top"], 0.0), min(e["bottom"], height)
    if bottom - top < MIN_SEGMENT:
        return None
    return dict(e, top=top, bottom=bottom, height=bottom - top)


def _add_edge(edges: list[dict], p: tuple[float, float], q: tuple[float, float]) -> None:
    (x0, y0), (x1, y1) = p, q
    if abs(y1 - y0) < 0.5 and abs(x1 - x0) >= MIN_SEGMENT:
        lo, hi = sorted((x0, x1))
        top = (y0 + y1) / 2
        edges.append({"x0": lo, "x1": hi, "top": top, "bottom": top, "width": hi - lo, "height": 0.0,
                      "orientation": "h", "object_type": "line"})
    elif abs(x1 - x0) < 0.5 and abs(y1 - y0) >= MIN_SEGMENT:
        lo, hi = sorted((y0, y1))
        x = (x0 + x1) / 2
        edges.append({"x0": x, "x1": x, "top": lo, "bottom": hi, "width": 0.0, "height": hi - lo,
                      "orientation": "v", "object_type": "line"})
