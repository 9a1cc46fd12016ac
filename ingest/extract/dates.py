"""Dates as pages write them: structured values, printed bylines and the URL.

Structured values are parsed by python-dateutil, given the month names of the
languages the extractor reads (English, German, French, Spanish, Italian,
Portuguese, Dutch) and the time-zone abbreviations publishers print; a date
printed inside a line of text ("Posted by Ann at December 16, 2025 11:15 AM")
is found and read by one regular expression of ours, whose groups give the
day, month, year and time (a printed date has few shapes, and reading them
from the match costs a tenth of a dateutil call): a date counts only with its
day, month and year, so "March 2024" or "2 days ago" never becomes a day.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone

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
               "aest": 10, "aedt": 11, "jst": 9, "kst": 9, "ist": 5.5,
               # "9:00 am PT": the zone without its season, read as standard time
               "et": -5, "ct": -6, "mt": -7, "pt": -8}
_TZINFOS = {name.upper(): int(hours * 3600) for name, hours in _TZ_OFFSETS.items()}


class _Languages(_dateutil.parserinfo):
    """dateutil's English reader, given the other languages' month names and fillers."""

    MONTHS = [tuple(names) for names in _MONTH_NAMES]  # noqa: RUF012 - dateutil's interface
    JUMP = [*_dateutil.parserinfo.JUMP, *_FILLERS]  # noqa: RUF012


_MONTH_FIRST = _Languages(dayfirst=False)
_DAY_FIRST = _Languages(dayfirst=True)

_DAY = r"(?:0?[1-9]|[12]\d|3[01])"
_YEAR = r"(?:19[89]\d|20\d\d)"
_TIME = r"(?:,?\s*(?:at|um|à|a las|às|om|-|·)?\s*(?P<hour>\d{1,2})[:h.](?P<minute>\d{2})" \
        r"(?::(?P<second>\d{2}))?\s*(?:(?P<ampm>[ap])\.?m\.?)?" \
        r"(?:\s*(?P<zone>[A-Z]{2,5}|[+-]\d{2}:?\d{2}))?)?"
_WRITTEN_DATES = re.compile(
    r"(?P<day>"
    # "December 16, 2025", "Dec. 16th, 2025", "Sep 4 2025"
    rf"\b(?P<m1>{_MONTHS})\.?\s+(?P<d1>{_DAY})(?:st|nd|rd|th)?,?\s+(?P<y1>{_YEAR})\b"
    # "16 December 2025", "1. März 2024", "5 de marzo de 2024", "le 5 mars 2024"
    rf"|\b(?P<d2>{_DAY})(?:\.|st|nd|rd|th|er|º)?\s+(?:de\s+)?(?P<m2>{_MONTHS})\.?,?\s+(?:de\s+)?"
    rf"(?P<y2>{_YEAR})\b"
    # "2025-12-16", "2025/12/16"
    rf"|\b(?P<y3>{_YEAR})[-/](?P<m3>0?[1-9]|1[0-2])[-/](?P<d3>{_DAY})\b"
    # "16.12.2025", "12/16/2025", "16/12/2025"
    rf"|\b(?P<a4>{_DAY})[./](?P<b4>{_DAY})[./](?P<y4>{_YEAR})\b)"
    rf"{_TIME}",
    re.I,
)
_MONTH_NUMBER = {name: number for number, names in enumerate(_MONTH_NAMES, 1) for name in names}
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


_NO_YEAR = datetime(1, 1, 1)


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
        # The default's year 1 is out of range: a value without a year ("Mar 6") is no day.
        parsed = _dateutil.parse(value, parserinfo=_reader(language), tzinfos=_TZINFOS,
                                 default=_NO_YEAR)
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


def dates_in(text: str, language: str | None = None) -> list[datetime]:
    """Every full date (day, month and year) printed in a line of text, in order."""
    return [day for _, day in labelled_dates(text, language)]


def _zone(name: str | None) -> timezone:
    """The time zone a printed abbreviation or offset names; UTC when unknown or absent."""
    if not name:
        return UTC
    if name[0] in "+-":
        minutes = int(name[1:3]) * 60 + int(name[-2:])
        return timezone(timedelta(minutes=-minutes if name[0] == "-" else minutes))
    hours = _TZ_OFFSETS.get(name.lower())
    return timezone(timedelta(hours=hours)) if hours else UTC


def _printed(match: re.Match[str], month_first: bool) -> datetime | None:
    """The datetime one match of :data:`_WRITTEN_DATES` spells, read from its groups."""
    group = match.group
    if group("y1"):
        year, month, day = group("y1"), _MONTH_NUMBER[group("m1").lower()], group("d1")
    elif group("y2"):
        year, month, day = group("y2"), _MONTH_NUMBER[group("m2").lower()], group("d2")
    elif group("y3"):
        year, month, day = group("y3"), group("m3"), group("d3")
    else:
        first, second = int(group("a4")), int(group("b4"))
        month, day = (first, second) if month_first else (second, first)
        if month > 12:  # "16/12/2025" read month first: the day is the one above 12
            month, day = day, month
        year = group("y4")
    hour = minute = second_ = 0
    if group("hour"):
        hour, minute, second_ = int(group("hour")), int(group("minute")), int(group("second") or 0)
        ampm = (group("ampm") or "").lower()
        if ampm and 1 <= hour <= 12:
            hour = hour % 12 + (12 if ampm == "p" else 0)
    try:
        when = datetime(int(year), int(month), int(day), tzinfo=_zone(group("zone")))
        if group("hour"):
            when = when.replace(hour=hour, minute=minute, second=second_)
    except ValueError:  # "February 30", or a time past 23:59: the day alone, if it exists
        try:
            when = datetime(int(year), int(month), int(day), tzinfo=UTC)
        except ValueError:
            return None
    return when


def labelled_dates(text: str, language: str | None = None) -> list[tuple[str, datetime]]:
    """Each full date in a line with the words before it since the previous date:
    "Updated Nov 29, 2025 Published Aug 13, 2025" -> [("Updated", …), ("Published", …)].

    The regular expression's groups are the date (dateutil is kept for structured values,
    where it reads many shapes; a printed date has the few shapes matched here).
    """
    found = []
    end = 0
    month_first = _reader(language) is _MONTH_FIRST
    for match in _WRITTEN_DATES.finditer(text):
        label, end = text[end:match.start()], match.end()
        day = _printed(match, month_first)
        if day is not None:
            found.append((label.strip(), day))
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

