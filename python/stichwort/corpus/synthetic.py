"""A deterministic generator of synthetic German news articles.

The articles are built from the project's own word material
(:mod:`stichwort.corpus._lexicon`): sentence templates whose slots are
filled with inflected noun phrases, verbs, names, numbers and recurring
phrases. Every slot draws from a Zipf law over a section-specific ranking,
so the nine sections have their own topic vocabulary; noun slots also build
new compounds at run time (modifier with linking element + inflected head),
which keeps the vocabulary open the way Heaps' law describes for real news.

All tables are built once per process. Weights use only correctly rounded
operations (``+ * / sqrt``), and the random stream comes from
``random.Random(seed)``, so the same seed gives the same articles on every
platform.

Example:
    >>> from stichwort.corpus import synthetic_news
    >>> docs = list(synthetic_news(2, seed=1))
    >>> sorted(docs[0])
    ['date', 'fields', 'text', 'title']
    >>> docs == list(synthetic_news(2, seed=1))
    True
"""

from __future__ import annotations

import datetime as _dt
import random
import re
from bisect import bisect
from collections.abc import Callable, Iterator, Mapping, Sequence
from functools import lru_cache
from itertools import accumulate, chain
from math import sqrt
from typing import Any

from stichwort.corpus import _lexicon as lex

__all__ = ["synthetic_news", "SECTIONS"]

SECTIONS: tuple[str, ...] = lex.SECTIONS

_FIRST_DAY = _dt.date(2000, 1, 1)
_LAST_DAY = _dt.date(2025, 12, 31)

# Share of noun slots that are run-time compounds, Zipf exponents (in
# quarters, see _zipf_cum) and the article length model; tuned so that
# vocabulary size and Heaps' exponent match the 10kGNAD test articles.
_COMPOUND_SHARE = 0.3
_LEXICON_SHARE = 0.4
_LEXICON_SIZE = 60000
_LEXICON_S4, _LEXICON_Q = 3, 50
_ADJ_COMPOUND_SHARE = 0.25
_MOD_S4, _MOD_Q = 4, 10
_HEAD_S4 = 4
_MIDDLES = 60
_PARTICLE_VERBS = 30
_GENDER_WEIGHTS = {"m": 35, "f": 35, "n": 15, "p": 15}
_VARIANTS_PER_TEMPLATE = 16

_CASES = ("nom", "acc", "dat", "gen")
_DEF = {
    "nom": {"m": "der", "f": "die", "n": "das", "p": "die"},
    "acc": {"m": "den", "f": "die", "n": "das", "p": "die"},
    "dat": {"m": "dem", "f": "der", "n": "dem", "p": "den"},
    "gen": {"m": "des", "f": "der", "n": "des", "p": "der"},
}
# Weak adjective ending after the definite article.
_WEAK = {
    "nom": {"m": "e", "f": "e", "n": "e", "p": "en"},
    "acc": {"m": "en", "f": "e", "n": "e", "p": "en"},
    "dat": {"m": "en", "f": "en", "n": "en", "p": "en"},
    "gen": {"m": "en", "f": "en", "n": "en", "p": "en"},
}
# Indefinite article endings (ein, sein, ihr) and mixed adjective endings.
_INDEF = {
    "nom": {"m": "", "f": "e", "n": "", "p": "e"},
    "acc": {"m": "en", "f": "e", "n": "", "p": "e"},
    "dat": {"m": "em", "f": "er", "n": "em", "p": "en"},
    "gen": {"m": "es", "f": "er", "n": "es", "p": "er"},
}
_MIXED = {
    "nom": {"m": "er", "f": "e", "n": "es", "p": "en"},
    "acc": {"m": "en", "f": "e", "n": "es", "p": "en"},
    "dat": {"m": "en", "f": "en", "n": "en", "p": "en"},
    "gen": {"m": "en", "f": "en", "n": "en", "p": "en"},
}
# Strong endings: adjectives without an article, and "dies-".
_STRONG = {
    "nom": {"m": "er", "f": "e", "n": "es", "p": "e"},
    "acc": {"m": "en", "f": "e", "n": "es", "p": "e"},
    "dat": {"m": "em", "f": "er", "n": "em", "p": "en"},
    "gen": {"m": "es", "f": "er", "n": "es", "p": "er"},
}
# How noun phrases open: definite, indefinite, possessive, demonstrative, bare.
_DETERMINERS = ("def", "ein", "sein", "ihr", "dies", "bare")
_DETERMINER_WEIGHTS = (50, 14, 4, 4, 6, 22)
_ADJ_STEMS = {"hoch": "hoh", "teuer": "teur"}
_ATTRIBUTIVE_ONLY = {"letzt", "erst", "nächst", "gesamt", "bisherig", "künftig", "heutig", "eigen", "weiter"}

_SLOT = re.compile(r"\{([^{}]+)\}")
_QUOTE_START = re.compile(r"^[a-zäöü]|(?<=„)[a-zäöü]|(?<=: )[a-zäöü]")
# Finds every "{}" of a format string, telling those right after a quote.
_SLOT_OR_QUOTE = re.compile(r"(?:„|: )?\{\}")


def _words(text: str) -> list[str]:
    return [w.replace("_", " ") for w in text.split()]


def _zipf_cum(n: int, s4: int = 4, q: int = 2) -> list[float]:
    """Cumulative Zipf–Mandelbrot weights 1/(r+q)^(s4/4) for ranks 1..n.

    Only ``sqrt`` and ``* /`` are used (correctly rounded in IEEE 754), so the
    table is bit-identical on every platform.
    """
    weights = []
    for r in range(1, n + 1):
        x = float(r + q)
        quarter = sqrt(sqrt(x))
        p = 1.0
        for _ in range(s4 // 4):
            p *= x
        for _ in range(s4 % 4):
            p *= quarter
        weights.append(1.0 / p)
    return list(accumulate(weights))


def _rank_for_section(section: str, general: Sequence[str], specific: Mapping[str, Sequence[str]]) -> list[str]:
    """Section words and general words interleaved, then other sections' words."""
    own = list(specific.get(section, ()))
    merged: list[str] = []
    for i in range(max(len(own), len(general))):
        if i < len(own):
            merged.append(own[i])
        if i < len(general):
            merged.append(general[i])
    for other in SECTIONS:
        if other != section:
            merged.extend(specific.get(other, ()))
    return list(dict.fromkeys(merged))


class _Noun:
    __slots__ = ("stem", "gender", "forms", "plural")

    def __init__(self, spec: str) -> None:
        stem, gender, plural = spec.split(":")
        self.stem = stem
        if plural.startswith("+"):
            plural = stem + plural[1:]
        self.gender = "m" if gender == "w" else gender
        self.plural: dict[str, str] = {}
        if gender == "p":
            dat_pl = plural if plural.endswith(("n", "s")) else plural + "n"
            self.forms = {"nom": plural, "acc": plural, "dat": dat_pl, "gen": plural}
            return
        if gender == "w":
            oblique = stem + ("n" if stem.endswith("e") else "en")
            sg = {"nom": stem, "acc": oblique, "dat": oblique, "gen": oblique}
        elif gender == "f":
            sg = {c: stem for c in _CASES}
        else:
            gen = stem + ("es" if stem.endswith(("s", "ß", "x", "z", "sch")) else "s")
            sg = {"nom": stem, "acc": stem, "dat": stem, "gen": gen}
        self.forms = sg
        dat_pl = plural if plural.endswith(("n", "s")) else plural + "n"
        self.plural = {"nom": plural, "acc": plural, "dat": dat_pl, "gen": plural}

    def form(self, case: str, gender: str) -> str | None:
        """The form for a slot of ``gender`` ("p" = plural of any noun)."""
        if gender == "p":
            return self.forms[case] if self.gender == "p" else self.plural[case]
        return self.forms[case] if self.gender == gender else None


def _linking(noun: _Noun) -> str:
    """The modifier form of a noun, with its linking element (Arbeits-, Straßen-)."""
    stem = noun.stem
    if stem.endswith(("ung", "heit", "keit", "schaft", "ion", "tät", "ling", "tum")):
        return stem + "s"
    if noun.forms["gen"] != stem and noun.forms["gen"].endswith("en"):
        return noun.forms["gen"]  # weak masculine: Präsidenten-
    if stem.endswith("e"):
        return stem + "n"
    return stem


def _verb_forms(spec: str) -> dict[str, str] | None:
    """3sg, 3pl, pret3sg, pret3pl, pp, inf of a verb; ``None`` for separable finite forms."""
    if ":" in spec:
        inf, rest = spec.split(":")
        sg, pl, pret, pp, _ = (p.replace("_", " ") for p in rest.split("/"))
        pret_pl = pret + ("n" if pret.endswith("e") else "en")
        if " " in pret:
            head, particle = pret.split(" ")
            pret_pl = head + ("n" if head.endswith("e") else "en") + " " + particle
        return {"sg": sg, "pl": pl, "pret_sg": pret, "pret_pl": pret_pl, "pp": pp, "inf": inf}
    inf = spec
    if inf.endswith("ieren"):
        stem = inf[:-2]
        return {"sg": stem + "t", "pl": inf, "pret_sg": stem + "te", "pret_pl": stem + "ten", "pp": stem + "t", "inf": inf}
    if inf.endswith(("ern", "eln")):
        stem = inf[:-1]
        return {"sg": stem + "t", "pl": inf, "pret_sg": stem + "te", "pret_pl": stem + "ten", "pp": "ge" + stem + "t", "inf": inf}
    stem = inf[:-2]
    e = "e" if stem.endswith(("t", "d", "chn", "ffn", "gn")) else ""
    prefix = "" if stem.startswith(("be", "ver", "er", "ent", "zer", "über", "unter", "prä", "kritis", "disk", "kontr")) else "ge"
    return {
        "sg": stem + e + "t",
        "pl": inf,
        "pret_sg": stem + e + "te",
        "pret_pl": stem + e + "ten",
        "pp": prefix + stem + e + "t",
        "inf": inf,
    }


def _capitalise(word: str) -> str:
    return word if word[:1].isupper() else word[:1].upper() + word[1:]


# A slot filler that is built when drawn (a new or an established compound).
_Builder = Callable[[Callable[[], float]], str]
# What one slot samples from: items, cumulative weights, total, last index.
_Spec = tuple[list[Any], list[float], float, int]


class _Pool:
    """Items with cumulative weights; an item may be a builder of compounds."""

    __slots__ = ("items", "cum", "spec")

    def __init__(self, items: Sequence[str | _Builder], cum: list[float]) -> None:
        self.items: list[str | _Builder] = list(items)
        self.cum = cum
        self.spec: _Spec = (self.items, cum, cum[-1], len(self.items) - 1)

    @classmethod
    def zipf(cls, items: Sequence[str], s4: int = 4, q: int = 2) -> _Pool:
        return cls(items, _zipf_cum(len(items), s4, q))

    def pick(self, rnd: Callable[[], float]) -> str:
        """One item (builders are not expected here)."""
        return str(self.items[bisect(self.cum, rnd() * self.cum[-1], 0, len(self.items) - 1)])

    def capitalised(self) -> _Pool:
        return _Pool([_capitalise(w) if isinstance(w, str) else _capitalised_builder(w) for w in self.items], self.cum)


def _capitalised_builder(build: _Builder) -> _Builder:
    return lambda rnd: _capitalise(build(rnd))


def _fill(specs: list[_Spec], rnd: Callable[[], float]) -> list[str]:
    """Draw every slot of an article in one pass, then build the compounds."""
    drawn = [items[bisect(cum, rnd() * total, 0, hi)] for items, cum, total, hi in specs]
    return [w if w.__class__ is str else w(rnd) for w in drawn]


class _Template:
    __slots__ = ("fmt", "slots", "specs")

    def __init__(self, fmt: str, slots: tuple[str, ...]) -> None:
        self.fmt = fmt
        self.slots = slots
        self.specs: tuple[_Spec, ...] = ()


def _expand(template: str, rng: random.Random) -> _Template:
    """One concrete variant of an abstract template: genders chosen, NPs spelled out."""
    genders = list(_GENDER_WEIGHTS)
    gw = list(_GENDER_WEIGHTS.values())
    # The subject decides the verb number even when the verb comes first.
    subject_gender = rng.choices(genders, weights=gw)[0]
    number = "pl" if subject_gender == "p" else "sg"
    pieces: list[str] = []
    slots: list[str] = []

    def slot(kind: str) -> None:
        pieces.append("{}")
        slots.append(kind)

    def np(case: str, adjective: bool, g: str) -> None:
        det = rng.choices(_DETERMINERS, weights=_DETERMINER_WEIGHTS)[0]
        if det == "ein" and g == "p":
            det = "bare"
        if det == "def":
            article, ending = _DEF[case][g] + " ", _WEAK[case][g]
        elif det == "dies":
            article, ending = "dies" + _STRONG[case][g] + " ", _WEAK[case][g]
        elif det == "bare":
            article, ending = "", _STRONG[case][g]
        else:
            article, ending = det + _INDEF[case][g] + " ", _MIXED[case][g]
        pieces.append(article)
        if adjective or (det == "bare" and rng.random() < 0.5):
            slot("ADJ." + ending)
            pieces.append(" ")
        slot(f"N.{case}.{g}")

    pos = 0
    for m in _SLOT.finditer(template):
        pieces.append(template[pos : m.start()])
        pos = m.end()
        kind = m.group(1)
        if "|" in kind:
            pieces.append(kind.split("|")[number == "pl"])
        elif kind in ("S", "SA"):
            np("nom", kind == "SA", subject_gender)
        elif kind in ("A", "AA", "D", "DA", "G"):
            case = {"A": "acc", "D": "dat", "G": "gen"}[kind[0]]
            np(case, len(kind) == 2, rng.choices(genders, weights=gw)[0])
        elif kind == "IA":
            g = rng.choices(genders, weights=gw)[0]
            if g != "p":
                pieces.append("ein" + _INDEF["acc"][g] + " ")
            slot("ADJ." + (_MIXED if g != "p" else _STRONG)["acc"][g])
            pieces.append(" ")
            slot(f"N.acc.{g}")
        elif kind in ("PER", "NAME"):
            g = rng.choice("mf")
            if kind == "PER":
                slot("ROLE." + g)
                pieces.append(" ")
            slot("FIRST." + g)
            pieces.append(" ")
            slot("LAST")
        elif kind == "TEAM":
            pieces.append(rng.choice(("FC ", "SV ", "SK ", "Union ", "Sportklub ")))
            slot("CITY")
        elif kind == "HAT":
            pieces.append("haben" if number == "pl" else "hat")
        elif kind in ("V", "VP", "MOD"):
            slot(f"{kind}.{number}")
        elif kind in ("VPL", "VPPL"):
            slot(kind[:-2] + ".pl")
        else:
            slot(kind)
    pieces.append(template[pos:])
    # Sentence-initial words are capitalised, after an opening quote, too.
    fmt = _QUOTE_START.sub(lambda m: m.group(0).upper(), "".join(pieces))
    if fmt.startswith("{}"):
        slots[0] += "^"
    for i, m in enumerate(_SLOT_OR_QUOTE.finditer(fmt)):
        if m.group(0) != "{}":
            slots[i] += "^"
    return _Template(fmt[0].upper() + fmt[1:], tuple(slots))


class _Section:
    """Sampling tables of one section."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.pools: dict[str, _Pool] = {}
        self.templates: list[_Template] = []
        self.template_cum: list[float] = []
        self.titles: list[_Template] = []

    def pool(self, kind: str) -> _Pool:
        return self.pools[kind]


def _with_compounds(
    items: list[str], mods: _Pool, heads: _Pool, share: float, lexicon: _Lexicon | None = None
) -> _Pool:
    """A Zipf pool plus a builder of new compounds taking ``share`` of the mass.

    With ``lexicon``, a second builder takes _LEXICON_SHARE and draws from the
    shared lexicon of established compounds.
    """
    base = _zipf_cum(len(items), 4, 1)
    total = base[-1]
    rest = 1 - share - (_LEXICON_SHARE if lexicon is not None else 0.0)

    def new_compound(rnd: Callable[[], float]) -> str:
        return mods.pick(rnd) + heads.pick(rnd)

    entries: list[str | _Builder] = [*items, new_compound]
    cum = base + [total + total * share / rest]
    if lexicon is not None:
        entries.append(lexicon.pick)
        cum.append(cum[-1] + total * _LEXICON_SHARE / rest)
    return _Pool(entries, cum)


class _Lexicon:
    """Established compounds of one case and gender: modifier + inflected head, Zipf-ranked."""

    __slots__ = ("mods", "heads", "cum")

    def __init__(self, mods: list[str], heads: list[str], cum: list[float]) -> None:
        self.mods = mods
        self.heads = heads
        self.cum = cum

    def pick(self, rnd: Callable[[], float]) -> str:
        i = bisect(self.cum, rnd() * self.cum[-1], 0, len(self.cum) - 1)
        return self.mods[i] + self.heads[i]


def _compound_lexicon() -> dict[str, _Lexicon]:
    """The shared lexicon: the modifier/head pairs with the smallest rank product.

    Ranking pairs by the product of the two ranks makes the lexicon's own
    frequencies Zipf-like; it is built without randomness.
    """
    nouns = [_Noun(spec) for spec in dict.fromkeys(_all_words(lex.GENERAL_NOUNS, lex.SECTION_NOUNS))]
    heads = [n for n in nouns if n.gender != "p"]
    mods = list(dict.fromkeys(_all_words(lex.GENERAL_MODIFIERS, lex.SECTION_MODIFIERS) + [_linking(n) for n in heads]))
    bound = 1
    while sum(min(len(heads), bound // (i + 1)) for i in range(len(mods))) < _LEXICON_SIZE:
        bound *= 2
    pairs = sorted(
        ((i + 1) * (j + 1), i, j)
        for i in range(len(mods))
        for j in range(min(len(heads), bound // (i + 1)))
    )
    chosen = [
        (mods[i], heads[j]) for _, i, j in pairs if not mods[i].lower().endswith(heads[j].stem.lower())
    ][:_LEXICON_SIZE]
    lexicon: dict[str, _Lexicon] = {}
    lower: dict[str, str] = {}  # one string object per head form keeps the tables small
    for g in "mfnp":
        rows = [(mod, head) for mod, head in chosen if head.form("nom", g) is not None]
        cum = _zipf_cum(len(rows), _LEXICON_S4, _LEXICON_Q)
        mods_g = [m for m, _ in rows]
        for case in _CASES:
            heads_g = [lower.setdefault(f, f.lower()) for _, h in rows if (f := h.form(case, g)) is not None]
            lexicon[f"{case}.{g}"] = _Lexicon(mods_g, heads_g, cum)
    return lexicon


def _all_words(general: str, specific: dict[str, str]) -> list[str]:
    return general.split() + [w for s in SECTIONS for w in specific.get(s, "").split()]


def _numbers() -> dict[str, _Pool]:
    nums: list[str] = []
    weights: list[float] = []
    for n in range(2, 1000):
        salience = 10.0 if n % 100 == 0 else 4.0 if n % 10 == 0 else 2.0 if n % 5 == 0 else 1.0
        nums.append(str(n))
        weights.append(salience / n)
        nums.append(f"{n}.{(n * 37) % 1000:03d}" if n % 7 == 0 else f"{n}.000")
        weights.append(0.3 * salience / n)
    pct: list[str] = []
    pct_w: list[float] = []
    for a in range(0, 60):
        for b in range(1, 10):
            pct.append(f"{a},{b} Prozent")
            pct_w.append(0.2 / (a + 2))
        if a:
            pct.append(f"{a} Prozent")
            pct_w.append((3.0 if a % 5 == 0 else 1.0) / (a + 1))
    money: list[str] = []
    money_w: list[float] = []
    units = (("Millionen Euro", 4.0), ("Milliarden Euro", 1.5), ("Euro", 2.0), ("Millionen Dollar", 1.0))
    for unit, uw in units:
        for n in range(2, 1000):
            money.append(f"{n} {unit}")
            money_w.append(uw * (3.0 if n % 10 == 0 else 1.0) / n)
        for n in range(1, 20):
            for d in range(1, 10):
                money.append(f"{n},{d} {unit}")
                money_w.append(0.2 * uw / n)
    months = lex.MONTHS.split()
    dates = [f"{d}. {m}" for m in months for d in range(1, 29)]
    scores = [f"{a}:{b}" for a in range(6) for b in range(6)]
    score_w = [1.0 / (1 + a + b) for a in range(6) for b in range(6)]
    return {
        "NUM": _Pool(nums, list(accumulate(weights))),
        "PCT": _Pool(pct, list(accumulate(pct_w))),
        "MONEY": _Pool(money, list(accumulate(money_w))),
        "YEAR": _Pool([str(y) for y in range(1990, 2026)], [float(i) for i in range(1, 37)]),
        "DATE": _Pool(dates, [float(i) for i in range(1, len(dates) + 1)]),
        "SCORE": _Pool(scores, list(accumulate(score_w))),
        "SMALL": _Pool.zipf([str(n) for n in range(1, 91)], 2, 3),
    }


def _names() -> dict[str, _Pool]:
    surnames = lex.SURNAME_HEADS.split() + [
        a + b for b in lex.SURNAME_ENDS.split() for a in lex.SURNAME_PARTS.split()
    ]
    places = [a + b for b in lex.PLACE_ENDS.split() for a in lex.PLACE_PARTS.split()]
    return {
        "FIRST.m": _Pool.zipf(lex.FIRST_NAMES_M.split(), 3),
        "FIRST.f": _Pool.zipf(lex.FIRST_NAMES_F.split(), 3),
        "LAST": _Pool.zipf(surnames, 4, 5),
        "CITY": _Pool.zipf(places, 4, 3),
        "LAND": _Pool.zipf(lex.COUNTRIES.split(), 4),
        "PARTY": _Pool.zipf(lex.PARTIES.split(), 4),
        "ROLE.m": _Pool.zipf(lex.ROLES_M.split(), 4),
        "ROLE.f": _Pool.zipf(lex.ROLES_F.split(), 4),
        "WHEN": _Pool.zipf(_words(lex.TIME_PHRASES), 4),
        "SRC": _Pool.zipf(_words(lex.SOURCE_PHRASES), 4),
        "ADV": _Pool.zipf(lex.ADVERBS.split(), 4),
        "SAY": _Pool.zipf(_words(lex.SAY_VERBS), 4),
    }


def _section_tables(name: str, shared: dict[str, _Pool], lexicon: dict[str, _Lexicon]) -> _Section:
    sec = _Section(name)
    sec.pools.update(shared)
    general = lex.GENERAL_NOUNS.split()
    specific = {s: t.split() for s, t in lex.SECTION_NOUNS.items()}
    nouns = [_Noun(spec) for spec in dict.fromkeys(_rank_for_section(name, general, specific))]
    # Modifiers: listed ones, then derived from the nouns, then two-part ones.
    mods = _rank_for_section(
        name,
        lex.GENERAL_MODIFIERS.split(),
        {s: t.split() for s, t in lex.SECTION_MODIFIERS.items()},
    )
    mods += [_linking(n) for n in nouns if n.gender != "p"]
    mods = list(dict.fromkeys(mods))
    middles = [_linking(n).lower() for n in nouns[:_MIDDLES] if n.gender != "p"]
    mods += [a + b for a in mods[:_MIDDLES] for b in middles if not a.lower().endswith(b)]
    mod_pool = _Pool.zipf(list(dict.fromkeys(mods)), _MOD_S4, _MOD_Q)
    lower_mods = _Pool([str(m).lower() for m in mod_pool.items], mod_pool.cum)
    for case in _CASES:
        for g in "mfnp":
            forms = [f for f in (n.form(case, g) for n in nouns) if f is not None]
            forms = list(dict.fromkeys(forms))
            heads = _Pool.zipf([f.lower() for f in forms], _HEAD_S4, 3)
            sec.pools[f"N.{case}.{g}"] = _with_compounds(
                forms, mod_pool, heads, _COMPOUND_SHARE, lexicon[f"{case}.{g}"]
            )
    adjs = _rank_for_section(
        name, lex.ADJECTIVES.split(), {s: t.split() for s, t in lex.SECTION_ADJECTIVES.items()}
    )
    adjs = list(dict.fromkeys(adjs))
    adj_heads = lex.ADJECTIVE_HEADS.split()
    for ending in ("e", "en", "es", "er", "em"):
        sec.pools["ADJ." + ending] = _with_compounds(
            [_ADJ_STEMS.get(a, a) + ending for a in adjs],
            lower_mods,
            _Pool.zipf([h + ending for h in adj_heads], 4, 2),
            _ADJ_COMPOUND_SHARE,
        )
    sec.pools["ADJ"] = _Pool.zipf([a for a in adjs if a not in _ATTRIBUTIVE_ONLY], 4, 2)
    verbs = [
        v
        for v in (
            _verb_forms(spec)
            for spec in _rank_for_section(
                name, lex.GENERAL_VERBS.split(), {s: t.split() for s, t in lex.SECTION_VERBS.items()}
            )
        )
        if v is not None
    ]
    # Particle verbs (zurückfordern, zurückgefordert) only in non-finite slots.
    regular = [v for v in verbs if v["pp"].startswith("ge") and " " not in v["sg"]]
    particle_verbs = [
        {"pp": p + v["pp"], "inf": p + v["inf"]} for v in regular[:_PARTICLE_VERBS] for p in lex.PARTICLES.split()
    ]
    finite = [v for v in verbs if " " not in v["sg"]]
    sec.pools["V.sg"] = _Pool.zipf([v["sg"] for v in finite], 4, 2)
    sec.pools["V.pl"] = _Pool.zipf([v["pl"] for v in finite], 4, 2)
    sec.pools["VP.sg"] = _Pool.zipf([v["pret_sg"] for v in finite], 4, 2)
    sec.pools["VP.pl"] = _Pool.zipf([v["pret_pl"] for v in finite], 4, 2)
    sec.pools["PP"] = _Pool.zipf([v["pp"] for v in verbs + particle_verbs], 4, 2)
    sec.pools["INF"] = _Pool.zipf([v["inf"] for v in verbs + particle_verbs], 4, 2)
    sec.pools["MOD.sg"] = _Pool.zipf(["will", "soll", "muss", "kann", "möchte"], 4)
    sec.pools["MOD.pl"] = _Pool.zipf(["wollen", "sollen", "müssen", "können", "möchten"], 4)

    # Templates: fixed expansion stream per section so tables never change.
    rng = random.Random(f"stichwort-templates-{name}")
    abstract = [t for t in lex.TEMPLATES.strip().splitlines()]
    own = [t for t in lex.SECTION_TEMPLATES.get(name, "").strip().splitlines()]
    weights: list[float] = []
    for text, weight in [(t, 1.0) for t in abstract] + [(t, 4.0) for t in own]:
        for _ in range(_VARIANTS_PER_TEMPLATE):
            sec.templates.append(_expand(text, rng))
            weights.append(weight)
    sec.template_cum = list(accumulate(weights))
    sec.titles = [
        _expand(t, rng) for t in lex.TITLE_TEMPLATES.strip().splitlines() for _ in range(_VARIANTS_PER_TEMPLATE)
    ]
    # Capitalised pools for slots that open a sentence.
    for tpl in chain(sec.templates, sec.titles):
        for kind in tpl.slots:
            if kind.endswith("^") and kind not in sec.pools:
                sec.pools[kind] = sec.pools[kind[:-1]].capitalised()
        tpl.specs = tuple(sec.pools[kind].spec for kind in tpl.slots)
    return sec


# Sentences per article: a right-skewed distribution (median ~28, long tail).
_LENGTHS = list(range(8, 100))
_LENGTH_CUM = list(accumulate(float((k - 6) * (k - 6) * (104 - k) * (104 - k)) / (k * k) for k in _LENGTHS))


@lru_cache(maxsize=1)
def _tables() -> tuple[list[_Section], list[float], list[str]]:
    shared = {**_numbers(), **_names()}
    lexicon = _compound_lexicon()
    sections = [_section_tables(s, shared, lexicon) for s in SECTIONS]
    section_cum = list(accumulate(float(w) for w in lex.SECTION_WEIGHTS))
    days = (_LAST_DAY - _FIRST_DAY).days + 1
    dates = [(_FIRST_DAY + _dt.timedelta(days=i)).isoformat() for i in range(days)]
    return sections, section_cum, dates


def _article(rng: random.Random, sections: list[_Section], section_cum: list[float], dates: list[str]) -> dict[str, Any]:
    sec = rng.choices(sections, cum_weights=section_cum)[0]
    n_sentences = rng.choices(_LENGTHS, cum_weights=_LENGTH_CUM)[0]
    title = sec.titles[int(rng.random() * len(sec.titles))]
    body = rng.choices(sec.templates, cum_weights=sec.template_cum, k=n_sentences)
    fmt = title.fmt + "\n" + " ".join([t.fmt for t in body])
    specs = list(chain(title.specs, *[t.specs for t in body]))
    title_text, text = fmt.format(*_fill(specs, rng.random)).split("\n", 1)
    date = dates[int(rng.random() * len(dates))]
    return {"title": title_text, "date": date, "text": text, "fields": {"section": sec.name}}


def synthetic_news(n: int, seed: int = 0) -> Iterator[dict[str, Any]]:
    """Yield ``n`` synthetic German news articles, the same ones for the same seed.

    Each article is a dict with ``title``, ``date`` (ISO string, uniform over
    2000-01-01..2025-12-31), ``text`` (about 250-600 words) and
    ``fields={"section": ...}`` with one of the nine 10kGNAD sections.

    Args:
        n: number of articles (>= 0).
        seed: the random seed (an ``int``).

    Raises:
        TypeError: ``n`` or ``seed`` is not an ``int``.
        ValueError: ``n`` is negative.

    Example:
        >>> doc = next(synthetic_news(1, seed=7))
        >>> doc["fields"]["section"] in SECTIONS
        True
        >>> doc["date"][:2]
        '20'
    """
    if not isinstance(n, int) or isinstance(n, bool):
        raise TypeError(f"n must be an int, not {type(n).__name__}")
    if not isinstance(seed, int) or isinstance(seed, bool):
        raise TypeError(f"seed must be an int, not {type(seed).__name__}")
    if n < 0:
        raise ValueError(f"n must be >= 0, got {n}")
    return _generate(n, seed)


def _generate(n: int, seed: int) -> Iterator[dict[str, Any]]:
    sections, section_cum, dates = _tables()
    rng = random.Random(seed)
    for _ in range(n):
        yield _article(rng, sections, section_cum, dates)
