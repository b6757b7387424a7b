"""Money in plain Korean: 814,070천원 → "8억 1,407만원", and back again for checking answers."""

from __future__ import annotations

import math
import re

WON_PER_UNIT = {"원": 1, "천원": 1_000, "만원": 10_000, "백만원": 1_000_000, "억원": 100_000_000, "조원": 10**12}
MONEY_UNITS = tuple(WON_PER_UNIT)


def format_number(value: float) -> str:
    """1234567 → '1,234,567'; 38.5 → '38.5'; keeps the decimals a report would print."""
    if value is None:
        return "-"
    if float(value).is_integer():
        return f"{int(value):,}"
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return text


def korean_amount(value: float, unit: str) -> str | None:
    """The amount in 조/억/만 notation, rounded to 만원; prefixed with '약' when rounded.

    Returns None for non-money units or amounts under 1만원 (nothing to add to the figure).
    """
    if unit not in WON_PER_UNIT or value is None:
        return None
    won = value * WON_PER_UNIT[unit]
    sign = "-" if won < 0 else ""
    won = abs(won)
    if won < 10_000:
        return None
    man_total = won / 10_000
    rounded = round(man_total)
    approx = not math.isclose(man_total, rounded, rel_tol=0, abs_tol=1e-6)
    jo, rest = divmod(rounded, 100_000_000)
    eok, man = divmod(rest, 10_000)
    parts = []
    if jo:
        parts.append(f"{jo:,}조")
    if eok:
        parts.append(f"{eok:,}억")
    if man:
        parts.append(f"{man:,}만")
    text = " ".join(parts) + "원"
    if not man and parts:
        text = " ".join(parts) + "원"
    return ("약 " if approx else "") + sign + text


_KOREAN_AMOUNT = re.compile(
    r"(?P<jo>\d[\d,]*)\s*조(?:\s*(?P<eok1>\d[\d,]*)\s*억)?(?:\s*(?P<man1>\d[\d,]*)\s*만)?\s*(?P<u1>원|천원)?"
    r"|(?P<eok>\d[\d,]*)\s*억(?:\s*(?P<man2>\d[\d,]*)\s*만)?\s*(?P<u2>원|천원)?"
    r"|(?P<man>\d[\d,]*)\s*만\s*(?P<u3>원)"
)


def korean_amounts_in_text(text: str) -> list[float]:
    """Every 조/억/만 amount in a text, in 원: '8억 1,407만원' → 814,070,000."""
    out = []
    for m in _KOREAN_AMOUNT.finditer(text):
        def num(name):
            v = m.group(name)
            return float(v.replace(",", "")) if v else 0.0

        if m.group("jo"):
            won = num("jo") * 10**12 + num("eok1") * 10**8 + num("man1") * 10**4
        elif m.group("eok"):
            won = num("eok") * 10**8 + num("man2") * 10**4
        else:
            won = num("man") * 10**4
        out.append(won)
    return out
