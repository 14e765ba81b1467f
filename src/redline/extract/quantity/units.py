"""Currencies and units of measurement, with the canonical names stored in `unit`.

Currencies are stored as ISO 4217 codes (USD, EUR, GBP...), percentages as
"percent", percentage points as "percentage point", everything else under one
singular name ("kilometre", "tonne", "day").  Values are never converted between
units: a figure keeps the unit it was given in, only scale words are applied.
"""

from __future__ import annotations

import re

#: Currency signs and codes written before a figure ("$20bn", "EUR50m", "RM120,000").
CURRENCY_PREFIXES: dict[str, str] = {
    "US$": "USD", "U.S.$": "USD", "US $": "USD", "$": "USD", "USD": "USD",
    "A$": "AUD", "AU$": "AUD", "AUD": "AUD", "C$": "CAD", "CA$": "CAD", "CAD": "CAD",
    "NZ$": "NZD", "HK$": "HKD", "HK $": "HKD", "S$": "SGD", "S $": "SGD", "R$": "BRL",
    "£": "GBP", "GBP": "GBP", "€": "EUR", "EUR": "EUR", "¥": "JPY", "JPY": "JPY",
    "CNY": "CNY", "RMB": "CNY", "₹": "INR", "Rs": "INR", "Rs.": "INR", "INR": "INR",
    "₽": "RUB", "RUB": "RUB", "₴": "UAH", "UAH": "UAH", "₪": "ILS", "NIS": "ILS",
    "RM": "MYR", "CHF": "CHF", "SEK": "SEK", "NOK": "NOK", "DKK": "DKK", "₩": "KRW",
    "KSh": "KES", "₦": "NGN", "USD$": "USD", "AUD$": "AUD", "CAD$": "CAD", "NZD$": "NZD", "MXN$": "MXN",
    "MX$": "MXN",
    "Y=": "JPY",  # the ASCII rendering of ¥ on news wires: "Y=590 billion"
}
#: Currency words written after a figure ("20 billion dollars", "5 million euros").
CURRENCY_WORDS: dict[str, str] = {
    "dollar": "USD", "dollars": "USD", "usd": "USD", "us dollars": "USD", "u.s. dollars": "USD",
    "euro": "EUR", "euros": "EUR", "eur": "EUR",
    "pound sterling": "GBP", "pounds sterling": "GBP", "sterling": "GBP", "gbp": "GBP",
    "yen": "JPY", "yuan": "CNY", "renminbi": "CNY", "rupee": "INR", "rupees": "INR",
    "rouble": "RUB", "roubles": "RUB", "ruble": "RUB", "rubles": "RUB",
    "hryvnia": "UAH", "hryvnias": "UAH", "hryvnas": "UAH", "shekel": "ILS", "shekels": "ILS",
    "ringgit": "MYR", "francs": "CHF", "franc": "CHF", "won": "KRW",
    "danish kroner": "DKK", "danish crowns": "DKK", "swedish kronor": "SEK", "krona": "SEK",
    "kronor": "SEK", "kroner": "NOK", "rand": "ZAR", "naira": "NGN", "shillings": "KES",
    "pesos": "MXN", "peso": "MXN", "lira": "TRY", "real": "BRL", "reais": "BRL",
    "australian dollars": "AUD", "canadian dollars": "CAD", "hong kong dollars": "HKD",
    "singapore dollars": "SGD", "new zealand dollars": "NZD",
    "cents": "cent", "cent": "cent", "pence": "penny", "p": "penny", "sen": "sen",
    # Signs written after the figure ("15 €", "100元").
    "$": "USD", "€": "EUR", "£": "GBP", "元": "CNY", "₹": "INR", "₽": "RUB", "₴": "UAH", "₪": "ILS",
    "₩": "KRW", "₦": "NGN", "₡": "CRC", "₾": "GEL", "₭": "LAK", "₺": "TRY", "฿": "THB",
    "jpy": "JPY", "cny": "CNY", "rmb": "CNY", "chf": "CHF", "inr": "INR", "rub": "RUB", "uah": "UAH",
    "aud": "AUD", "cad": "CAD", "hkd": "HKD", "sgd": "SGD", "myr": "MYR", "ils": "ILS", "nis": "ILS",
    "krw": "KRW", "sek": "SEK", "nok": "NOK", "dkk": "DKK", "brl": "BRL", "zar": "ZAR",
}
#: "pounds" without a £ sign could be money or mass; it is kept as "pound".
AMBIGUOUS_POUND = "pound"

PERCENT_WORDS: dict[str, str] = {
    "%": "percent", "percent": "percent", "per cent": "percent", "pct": "percent", "pc": "percent",
    "percentage points": "percentage point", "percentage point": "percentage point",
    "points": "point", "point": "point", "pts": "point", "basis points": "basis point",
    "basis point": "basis point", "bps": "basis point", "bp": "basis point",
}

#: Units of measurement after a figure: surface form -> canonical singular name.
UNIT_WORDS: dict[str, str] = {}


def _units(canonical: str, *forms: str) -> None:
    UNIT_WORDS[canonical] = canonical
    for f in forms:
        UNIT_WORDS[f] = canonical


_units("kilometre", "km", "kms", "kilometres", "kilometers", "kilometer")
_units("metre", "m", "metres", "meters", "meter")
_units("centimetre", "cm", "centimetres", "centimeters", "centimeter")
_units("millimetre", "mm", "millimetres", "millimeters", "millimeter")
_units("decimetre", "dm", "decimetres", "decimeters", "decimeter")
_units("picometre", "picometres", "picometers", "picometer")
_units("micrometre", "μm", "µm", "micrometres", "micrometers", "microns", "micron")
_units("nanometre", "nm", "nanometres", "nanometers")
_units("mile", "miles", "mi")
_units("nautical mile", "nautical miles")
_units("yard", "yards", "yd", "yds")
_units("foot", "feet", "ft")
_units("inch", "inches", "in.")
_units("square kilometre", "sq km", "km2", "km²", "square kilometres", "square kilometers")
_units("square metre", "sq m", "m2", "m²", "square metres", "square meters", "sqm")
_units("square mile", "sq mi", "square miles")
_units("square foot", "sq ft", "square feet", "sqft")
_units("hectare", "hectares", "ha")
_units("acre", "acres")
_units("cubic foot", "cubic feet", "cu ft")
_units("cubic metre", "cubic metres", "cubic meters", "m3", "m³")
_units("kilogram", "kg", "kgs", "kilograms", "kilogrammes", "kilos")
_units("gram", "g", "grams", "grammes")
_units("milligram", "mg", "milligrams")
_units("microgram", "mcg", "µg", "μg", "micrograms")
_units("tonne", "tonnes", "tons", "ton", "t", "metric tons")
_units("ounce", "ounces", "oz")
_units("pound-mass", "lb", "lbs")
_units("litre", "litres", "liters", "liter", "l")
_units("millilitre", "ml", "millilitres", "milliliters")
_units("gallon", "gallons", "gal")
_units("barrel", "barrels", "bbl")
_units("barrel per day", "barrels per day", "bpd", "b/d")
_units("kilometre per hour", "km/h", "kph", "kmh", "km/hr", "kilometres per hour", "kilometers per hour")
_units("mile per hour", "mph", "miles per hour", "miles an hour")
_units("metre per second", "m/s", "metres per second", "meters per second")
_units("knot", "knots")
_units("celsius", "°c", "degrees celsius", "degree celsius", "celsius", "c", "degrees c", "degree c", "deg c",
       "celcius", "degrees celcius", "centigrade", "degrees centigrade")
_units("fahrenheit", "°f", "degrees fahrenheit", "degree fahrenheit", "f", "degrees f", "degree f", "deg f",
       "farenheit", "degrees farenheit")
_units("degree", "degrees", "°", "deg", "deg.")
_units("watt", "watts", "w")
_units("kilowatt", "kw", "kilowatts")
_units("kilowatt hour", "kwh", "kilowatt hours", "kilowatt-hours")
_units("megawatt", "mw", "megawatts")
_units("megawatt hour", "mwh", "megawatt hours")
_units("gigawatt", "gw", "gigawatts")
_units("gigawatt hour", "gwh", "gigawatt hours")
_units("horsepower", "hp", "bhp")
_units("volt", "volts", "v")
_units("ampere", "amps", "amperes", "a")
_units("farad", "f")
_units("hertz", "hz")
_units("kilohertz", "khz")
_units("megahertz", "mhz")
_units("gigahertz", "ghz")
_units("milliampere-hour", "mah")
_units("mile per gallon", "mpg", "miles per gallon")
_units("point per game", "ppg", "points per game")
_units("rebound per game", "rpg", "rebounds per game")
_units("assist per game", "apg", "assists per game")
_units("byte", "bytes")
_units("kilobyte", "kb", "kilobytes")
_units("megabyte", "mb", "megabytes")
_units("gigabyte", "gb", "gigabytes")
_units("terabyte", "tb", "terabytes")
_units("megabit per second", "mbps", "mb/s")
_units("gigabit per second", "gbps", "gb/s")
_units("pascal", "pa")
_units("megapascal", "mpa")
_units("kilopound per square inch", "ksi")
_units("pound per square inch", "psi")
_units("decibel", "db", "decibels")
_units("calorie", "calories", "kcal")
_units("parts-per-million", "ppm", "parts per million")
_units("parts-per-billion", "ppb", "parts per billion")
_units("megaton", "megatons", "megatonnes")
_units("kiloton", "kilotons", "kilotonnes")
_units("millimetre of mercury", "mmhg")
# Durations: quantities of time ("three days", "24 hours") are figures; points in time are dates.
_units("second", "seconds", "secs", "sec", "s")
_units("minute", "minutes", "mins", "min")
_units("hour", "hours", "hrs", "hr", "h")
_units("day", "days")
_units("week", "weeks", "wks")
_units("month", "months")
_units("year", "years", "yrs", "yr")
_units("decade", "decades")
_units("century", "centuries")
_units("times", "x", "fold", "-fold", "times over")

#: Units that are too ambiguous to accept unless glued to the digits ("5m", "3s").
GLUED_ONLY = frozenset(
    {"m", "g", "t", "l", "s", "h", "c", "f", "w", "v", "a", "x", "in.", "ha", "mi", "p", "min", "gal", "pa", "pc"}
)
#: Multi-word units are matched first, then single words.
_ALL_UNIT_FORMS = sorted(
    {**{k.lower(): v for k, v in UNIT_WORDS.items()}, **PERCENT_WORDS, **CURRENCY_WORDS}.items(),
    key=lambda kv: -len(kv[0]),
)


_UNIT_FORMS = dict(_ALL_UNIT_FORMS)
#: The forms by their first character, longest first as above: a figure's unit is looked
#: up for every figure, and there are hundreds of forms.
_UNIT_FORMS_BY_INITIAL: dict[str, list[str]] = {}
for _form, _ in _ALL_UNIT_FORMS:
    _UNIT_FORMS_BY_INITIAL.setdefault(_form[:1], []).append(_form)
_UNIT_RE = re.compile("|".join(re.escape(form) for form, _ in _ALL_UNIT_FORMS))


def unit_after(text: str, glued: bool) -> tuple[str, str, int] | None:
    """The unit at the start of `text` (the characters right after a figure).

    Returns (canonical unit, kind, length of the matched surface form) where kind is
    'currency', 'percent' or 'unit'; None when no unit starts there.  `glued` says
    whether the unit is written without a space ("5km"), which lets one-letter units in.
    """
    low = text[:40].lower()
    pos = 0
    # The alternation is longest-first; when the longest form fails the checks below
    # ("5 mines" is not "5 mi"), shorter forms starting at the same place are tried.
    candidates = [m.group(0) for m in [_UNIT_RE.match(low)] if m]
    if candidates:
        first = candidates[0]
        candidates += [f for f in _UNIT_FORMS_BY_INITIAL.get(low[:1], ()) if len(f) < len(first) and low.startswith(f)]
    for form in candidates:
        end = pos + len(form)
        if end < len(low) and (low[end].isalnum() or low[end] in "²³"):
            continue
        if form in GLUED_ONLY and not glued:
            continue
        canonical = _UNIT_FORMS[form]
        if form in ("pounds", "pound"):
            return AMBIGUOUS_POUND, "unit", end
        if form in PERCENT_WORDS:
            return canonical, "percent", end
        if form in CURRENCY_WORDS:
            return canonical, "currency", end
        return canonical, "unit", end
    pound = re.match(r"pounds?\b", low)
    if pound:
        return AMBIGUOUS_POUND, "unit", pound.end()
    return None


_PREFIX_FORMS = sorted(CURRENCY_PREFIXES, key=len, reverse=True)
_PREFIX_CODES = {k.upper(): v for k, v in CURRENCY_PREFIXES.items()}


def currency_before(text: str) -> tuple[str, int] | None:
    """The currency sign or code ending `text` (the characters right before a figure).

    Returns (ISO code, length of the matched prefix) or None.  Letter codes are matched
    without regard to case (scraped text is often lower-cased: "usd$ 15", "rm 120") but
    must not be the tail of a longer word ("FORM5" is not "RM 5"; in "is $5" the
    currency is "$", not "S $").
    """
    upper = text.upper()
    for form in _PREFIX_FORMS:
        for spaced in (form + " ", form):
            if not upper.endswith(spaced.upper()):
                continue
            start = len(text) - len(spaced)
            if start > 0 and text[start - 1].isalpha() and (spaced[0].isalpha() or spaced[0] == "$"):
                continue
            return _PREFIX_CODES[form.upper()], len(spaced)
    return None
