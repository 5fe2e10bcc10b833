"""English number words as UN texts print them: "seventy-eighth" session, "within ninety days"."""

from __future__ import annotations

import re
from typing import Optional

UNITS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
ORDINAL_UNITS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
    "thirteenth": 13,
    "fourteenth": 14,
    "fifteenth": 15,
    "sixteenth": 16,
    "seventeenth": 17,
    "eighteenth": 18,
    "nineteenth": 19,
}
ORDINAL_TENS = {
    "twentieth": 20,
    "thirtieth": 30,
    "fortieth": 40,
    "fiftieth": 50,
    "sixtieth": 60,
    "seventieth": 70,
    "eightieth": 80,
    "ninetieth": 90,
}


def ordinal(word: str) -> Optional[int]:
    """Gives the number an ordinal names ("Seventy-eighth" or "78th" gives 78), or None."""
    word = word.lower().strip().replace("–", "-")
    m = re.fullmatch(r"(\d+)(?:st|nd|rd|th)", word)
    if m:
        return int(m.group(1))
    if word in ORDINAL_UNITS:
        return ORDINAL_UNITS[word]
    if word in ORDINAL_TENS:
        return ORDINAL_TENS[word]
    tens, _, unit = word.partition("-")
    if tens in TENS and unit in ORDINAL_UNITS:
        return TENS[tens] + ORDINAL_UNITS[unit]
    return None


def cardinal(word: str) -> Optional[int]:
    """Gives the number of "12", "twelve" or "twenty-four", or None."""
    word = word.lower().strip()
    if word.isdigit():
        return int(word)
    if word in UNITS:
        return UNITS[word]
    if word in TENS:
        return TENS[word]
    tens, _, unit = word.replace(" ", "-").partition("-")
    if tens in TENS and unit in UNITS:
        return TENS[tens] + UNITS[unit]
    return None
