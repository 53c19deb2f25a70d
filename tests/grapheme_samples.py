"""Pieces of text that are extended grapheme clusters of several code points
(UAX #29), of every kind a KWIC or snippet cut must not split, each given as
its clusters. All their characters are in Unicode 14.0 (the Python here) and
segment the same under the reference's 15.0.0 tables and the engine's
unicode-segmentation (17.0.0). A keycap's U+FE0F and U+20E3 are combining
marks, which cuts kept with their letter already; a variation selector is
one too, but not the ZWJ after it in "heart on fire"."""

from __future__ import annotations

CLUSTERS: dict[str, tuple[str, ...]] = {
    "zwj family": ("\U0001f469\u200d\U0001f469\u200d\U0001f467",),
    "zwj rainbow flag": ("\U0001f3f3\ufe0f\u200d\U0001f308",),
    "regional indicator flags": ("\U0001f1e9\U0001f1ea", "\U0001f1eb\U0001f1f7"),
    "emoji modifier": ("\U0001f44d\U0001f3fd",),
    "variation selector": ("\u2764\ufe0f", "\u2764\ufe0f\u200d\U0001f525"),
    "keycap": ("1\ufe0f\u20e3",),
    "tag sequence": ("\U0001f3f4\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f",),
    "hangul jamo": ("\u1100\u1161\u11a8", "\uac00\u11a8"),
    "cr lf": ("\r\n",),
    "prepended mark": ("\u0600\u0661", "\u0662"),
}
