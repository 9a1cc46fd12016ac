"""Dates as pages write them: structured values, printed bylines and the URL.

Parsing is python-dateutil's, given the month names of the languages the
extractor reads (English, German, French, Spanish, Italian, Portuguese, Dutch)
and the time-zone abbreviations publishers print; finding a date inside a
line of text ("Posted by Ann at December 16, 2025 11:15 AM") is ours: a date
counts only with its day, month and year, so "March 2024" or "2 days ago"
never becomes a day.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from dateutil import parser as _dateutil

from ingest.normalize import clean_text, parse_date

# Month names and abbreviations by month: en, de, fr, es, it, pt, nl.
_MONTH_NAMES: tuple[tuple[str, ...], ...] = (
    ("january", "jan", "januar", "jänner", "janvier", "janv", "enero", "ene", "gennaio", "gen",
     "janeiro", "januari"),
    ("february", "feb", "februar", "février", "fevrier", "févr", "fevr", "febrero", "febbraio",
     "fevereiro", "fev", "februari"),
    ("march", "mar", "märz", "maerz", "mär", "mars", "marzo", "março", "marco", "maart", "mrt"),
    ("april", "apr", "avril", "avr", "abril", "abr", "aprile"),
    ("may", "mai", "mayo", "maggio", "mag", "maio", "mei"),
    ("june", "jun", "juni", "juin", "junio", "giugno", "giu", "junho"),
    ("july", "jul", "juli", "juillet", "juil", "julio", "luglio", "lug", "julho"),
    ("august", "aug", "août", "aout", "agosto", "ago", "augustus"),
    ("september", "sep", "sept", "septembre", "septiembre", "set", "settembre", "setembro"),
    ("october", "oct", "oktober", "okt", "octobre", "octubre", "ottobre", "ott", "outubro", "out"),
    ("november", "nov", "novembre", "noviembre", "novembro"),
    ("december", "dec", "dezember", "dez", "décembre", "decembre", "déc", "diciembre", "dic",
     "dicembre", "dezembro"),
)
_MONTHS = "|".join(sorted({name for names in _MONTH_NAMES for name in names}, key=len,
                          reverse=True))
# Filler words between a date's parts: "5 de marzo de 2024", "le 5 mars", "1. März".
_FILLERS = ["de", "del", "le", "der", "den", "il", "el", "um", "à", "às", "om", "du"]

_TZ_OFFSETS = {"utc": 0, "gmt": 0, "z": 0, "est": -5, "edt": -4, "cst": -6, "cdt": -5,
               "mst": -7, "mdt": -6, "pst": -8, "pdt": -7, "akst": -9, "akdt": -8, "hst": -10,
               "bst": 1, "cet": 1, "cest": 2, "mez": 1, "mesz": 2, "eet": 2, "eest": 3,
               "aest": 10, "aedt": 11, "jst": 9, "kst": 9, "ist": 5.5}
_TZINFOS = {name.upper(): int(hours * 3600) for name, hours in _TZ_OFFSETS.items()}


class _Languages(_dateutil.parserinfo):
    """dateutil's English reader, given the other languages' month names and fillers."""

    MONTHS = [tuple(names) for names in _MONTH_NAMES]  # noqa: RUF012 - dateutil's interface
    JUMP = [*_dateutil.parserinfo.JUMP, *_FILLERS]  # noqa: RUF012


_MONTH_FIRST = _Languages(dayfirst=False)
_DAY_FIRST = _Languages(dayfirst=True)

_DAY = r"(?:0?[1-9]|[12]\d|3[01])"
_YEAR = r"(?:19[89]\d|20\d\d)"
_TIME = r"(?:,?\s*(?:at|um|à|a las|às|om|-|·)?\s*\d{1,2}[:h.]\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?" \
        r"(?:\s*(?:[A-Z]{2,5}|[+-]\d{2}:?\d{2}))?)?"
_WRITTEN_DATES = re.compile(
    r"(?P<day>"
    # "December 16, 2025", "Dec. 16th, 2025", "Sep 4 2025"
    rf"\b(?:{_MONTHS})\.?\s+{_DAY}(?:st|nd|rd|th)?,?\s+{_YEAR}\b"
    # "16 December 2025", "1. März 2024", "5 de marzo de 2024", "le 5 mars 2024"
    rf"|\b{_DAY}(?:\.|st|nd|rd|th|er|º)?\s+(?:de\s+)?(?:{_MONTHS})\.?,?\s+(?:de\s+)?{_YEAR}\b"
    # "2025-12-16", "2025/12/16"
    rf"|\b{_YEAR}[-/](?:0?[1-9]|1[0-2])[-/]{_DAY}\b"
    # "16.12.2025", "12/16/2025", "16/12/2025"
    rf"|\b{_DAY}[./]{_DAY}[./]{_YEAR}\b)"
    rf"{_TIME}",
    re.I,
)
_ISO_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?=\D|$)")
# /2024/03/05/, /2024-03-05-title, /20240305/
_URL_DATE = re.compile(
    rf"/({_YEAR})/(0?[1-9]|1[0-2])/({_DAY})(?:/|$|[-_.])"
    rf"|/({_YEAR})-(0[1-9]|1[0-2])-({_DAY})(?:/|$|[-_.])"
    rf"|/({_YEAR})(0[1-9]|1[0-2])({_DAY})(?:/|$)"
)


def _reader(language: str | None) -> _Languages:
    """Numeric dates read month first only in US English ("12/16/2025"), else day first."""
    lang = (language or "en-us").lower().replace("_", "-")
    return _MONTH_FIRST if lang in ("en", "en-us") or lang.startswith("en-us") else _DAY_FIRST


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def read_date(text: str | None, language: str | None = None) -> datetime | None:
    """A structured date value ("2025-06-23T18:44:33+00:00", "November 25, 2025",
    "Thu, 25 Nov 2025 5:00:00 PST"): the ISO fast path, then dateutil."""
    value = clean_text(text)
    if not value:
        return None
    found = parse_date(value)
    if found is not None:
        return found
    if len(value) > 80:
        return None
    iso_day = _ISO_DAY.match(value)
    try:
        parsed = _dateutil.parse(value, parserinfo=_reader(language), tzinfos=_TZINFOS)
    except (ValueError, OverflowError, TypeError):
        parsed = None
    if parsed is None and iso_day:  # "2025-12-17UTC07:30:00+00:00": the day is still sure
        try:
            parsed = datetime(*map(int, iso_day.groups()))
        except ValueError:
            return None
    if parsed is None or not 1990 <= parsed.year <= 2100:
        return None
    return _aware(parsed)


def _tidy(span: str) -> str:
    """A printed date as dateutil reads it: "16th" -> "16", "1º" -> "1"."""
    return re.sub(r"(\d)(?:st|nd|rd|th|er)\b", r"\1", span.replace("º", ""), flags=re.I)


def dates_in(text: str, language: str | None = None) -> list[datetime]:
    """Every full date (day, month and year) printed in a line of text, in order."""
    return [day for _, day in labelled_dates(text, language)]


def labelled_dates(text: str, language: str | None = None) -> list[tuple[str, datetime]]:
    """Each full date in a line with the words before it since the previous date:
    "Updated Nov 29, 2025 Published Aug 13, 2025" -> [("Updated", …), ("Published", …)]."""
    found = []
    end = 0
    info = _reader(language)
    for match in _WRITTEN_DATES.finditer(text):
        label, end = text[end:match.start()], match.end()
        span = re.sub(r"\b(at|um|à|a las|às|om|·)\s+(?=\d)", " ", _tidy(match.group(0)),
                      flags=re.I)
        span = re.sub(r"(\d{1,2})h(\d{2})", r"\1:\2", span)
        day = _tidy(match.group("day"))
        parsed = None
        for attempt in (span, day):  # with the time printed after the day, then without
            try:
                parsed = _dateutil.parse(attempt, parserinfo=info, tzinfos=_TZINFOS)
                break
            except (ValueError, OverflowError, TypeError):
                continue
        if parsed is not None and 1990 <= parsed.year <= 2100:
            found.append((label.strip(), _aware(parsed)))
    return found


def date_in_url(url: str | None) -> datetime | None:
    """The day an article's URL is filed under (/2024/03/05/), or None."""
    if not url:
        return None
    path = url.split("?", 1)[0].split("#", 1)[0]
    match = _URL_DATE.search(path)
    if not match:
        return None
    year, month, day = (int(x) for x in match.groups() if x is not None)
    try:
        return datetime(year, month, day, tzinfo=UTC)
    except ValueError:
        return None

