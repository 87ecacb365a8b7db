"""Search keys that make Devanagari and Latin spellings of a name meet.

"सहकारी", "Sahkari" and "Sahakari" all become the key "skr": transliterate to Latin, fold
aspirates and spelling variants, keep the first letter and then only consonants (Hindi drops
the inherent vowel unpredictably, so vowels are what spellings disagree on). A query matches a
society when one of its words' keys starts with the query word's key.
"""

from __future__ import annotations

import re

from anyascii import anyascii

# Order matters: longer spellings first.
_FOLDS = [
    ("chh", "c"), ("ch", "c"), ("sh", "s"), ("ph", "f"), ("kh", "k"), ("gh", "g"),
    ("jh", "j"), ("th", "t"), ("dh", "d"), ("bh", "b"), ("w", "v"), ("z", "j"), ("q", "k"),
    ("x", "ks"),
]
_VOWELS = set("aeiouy")
_NGH = re.compile(r"ngh(?=[a-z])")  # Narsinghpur ~ नरसिंहपुर, but Sangh ~ संघ
_SPLIT = re.compile(r"[^0-9a-z]+")
MIN_QUERY_KEY = 2


def _fold(word: str) -> str:
    for old, new in _FOLDS:
        word = word.replace(old, new)
    return word


def word_key(latin_word: str) -> str:
    word = _fold(_NGH.sub("nh", latin_word))
    if not word:
        return ""
    skeleton = word[0]
    for ch in word[1:]:
        if ch in _VOWELS or ch == "h":
            continue
        if ch == "m":
            ch = "n"  # the anusvara comes out as m or n in either script: "imdaur" ~ "indore"
        if ch != skeleton[-1]:
            skeleton += ch
    return skeleton


def words(text: str) -> list[str]:
    text = (text or "").replace("\u0901", "")  # chandrabindu: Latin spellings leave it out (माँ ~ Maa)
    latin = anyascii(text).lower().replace("dh'", "r").replace("d'", "r")  # ढ़ and ड़
    return [w for w in _SPLIT.split(latin) if w]


def name_keys(*names: str) -> list[str]:
    """Every distinct key of every word of the names (Hindi and English)."""
    keys: list[str] = []
    for name in names:
        for word in words(name):
            key = word_key(word)
            if key and key not in keys:
                keys.append(key)
    return keys


# What can follow a key's first letter: the consonants left after folding, and digits.
SECOND_LETTERS = "0123456789bcdfgjklnprstv"


def _consonants(word: str) -> int:
    devanagari = sum(1 for ch in word if "\u0915" <= ch <= "\u0939" or "\u0958" <= ch <= "\u095f")
    if devanagari:                                    # counted as written: "सह" is स + ह, though it reads "sh"
        return devanagari
    return sum(1 for w in words(word) for ch in _fold(w) if ch.isalpha() and ch not in _VOWELS)


def consonants(q: str) -> int:
    """Consonant letters of the word typed with most ("सह" has two, though "h" leaves no mark in a key)."""
    return max((_consonants(w) for w in (q or "").split()), default=0)


def query_keys(q: str) -> list[str]:
    """Keys of the words typed, longest (most selective) first."""
    return sorted({word_key(w) for w in words(q) if word_key(w)}, key=len, reverse=True)
