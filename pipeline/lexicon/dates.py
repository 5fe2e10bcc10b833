"""Dates as UN texts print them: "19 December 2023", "July 15, 2025", "17 de marzo de 2023", "21 сентября 1971 года"."""

from __future__ import annotations

import re
from datetime import date
from typing import Optional

MONTHS = {
    m: i
    for i, m in enumerate(
        (
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ),
        1,
    )
}
_MONTH_NUMBER = {
    **{m.lower(): i for m, i in MONTHS.items()},
    **{
        m: i
        for i, m in enumerate(
            (
                "enero",
                "febrero",
                "marzo",
                "abril",
                "mayo",
                "junio",
                "julio",
                "agosto",
                "septiembre",
                "octubre",
                "noviembre",
                "diciembre",
            ),
            1,
        )
    },
}
_MONTH_NUMBER.update(
    {
        m: i
        for i, m in enumerate(
            (
                "января",
                "февраля",
                "марта",
                "апреля",
                "мая",
                "июня",
                "июля",
                "августа",
                "сентября",
                "октября",
                "ноября",
                "декабря",
            ),
            1,
        )
    }
)  # Russian prints "21 сентября 1971 года"
_DATE = re.compile(
    r"\b(?:(\d{1,2})\s+(?:de\s+)?([A-Za-zА-Яа-яё]+)\s+(?:de\s+)?(\d{4})"
    r"|([A-Z][a-z]+)\s+(\d{1,2}),\s+(\d{4}))\b"
)


def iso_date(text: Optional[str]) -> Optional[str]:
    """Gives the first date written out in text as ISO 8601, or None."""
    for m in _DATE.finditer(text or ""):
        day, month, year = (m.group(1), m.group(2), m.group(3)) if m.group(1) else (m.group(5), m.group(4), m.group(6))
        number = _MONTH_NUMBER.get(month.lower())
        if number:
            try:
                return date(int(year), number, int(day)).isoformat()
            except ValueError:
                continue
    return None
