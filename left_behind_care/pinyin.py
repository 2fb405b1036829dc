"""Pinyin search keys for Chinese personal names, free of any framework.

Officers look a child up the way they type on a phone or a desk keyboard: by the
characters (张三), by the full pinyin without tones (``zhangsan``) or by the initials
(``zs``). :func:`name_search_keys` turns a name into the two keys the Child DocType
stores (``child_name_pinyin``, ``child_name_initials``) and lists in its
``search_fields``, so that Frappe's Link search and the list find either.

Readings come from pypinyin. A surname is often read differently from the same
character elsewhere (单 shan, not dan; 曾 zeng, not ceng), so the first character
is read with :data:`SURNAME_READINGS`; when that reading differs from pypinyin's
ordinary reading, both are kept, space-separated, because an officer may type either.
For ü both ``v`` (the keyboard convention, ``lv``) and ``u`` (``lu``) are kept.
"""

from __future__ import annotations

import re
import unicodedata

from pypinyin import Style, lazy_pinyin

# Single-character surnames whose reading differs from the character's ordinary
# reading (pypinyin's first choice).
SURNAME_READINGS: dict[str, tuple[str, ...]] = {
	"单": ("shan",),
	"曾": ("zeng",),
	"解": ("xie",),
	"仇": ("qiu",),
	"区": ("ou",),
	"朴": ("piao",),
	"乐": ("yue",),
	"查": ("zha",),
	"盖": ("ge",),
	"繁": ("po",),
	"缪": ("miao",),
	"覃": ("qin",),
	"员": ("yun",),
	"秘": ("bi",),
	"阚": ("kan",),
	"翟": ("zhai",),
	"召": ("shao",),
	"种": ("chong",),
	"薄": ("bo",),
	"折": ("she",),
	"隗": ("wei",),
}

MAX_KEY_LENGTH = 140
"""The length of a Frappe Data field."""

_HAN_CHARS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ebef"
_HAN = re.compile(f"[{_HAN_CHARS}]")
_CHUNK = re.compile(rf"[{_HAN_CHARS}]+|[^\s{_HAN_CHARS}]+")
_LATIN_RUN = re.compile(r"[a-z0-9]+")


def _syllables(text: str) -> list[str]:
	"""pypinyin readings (no tones, ``v`` for ü) of each Han character, and each run of
	Latin letters or digits as one lower-case token; everything else is dropped."""
	tokens: list[str] = []
	for chunk in _CHUNK.findall(text):
		if _HAN.match(chunk):
			tokens.extend(lazy_pinyin(chunk, style=Style.NORMAL, v_to_u=False, errors="ignore"))
		else:
			tokens.extend(_LATIN_RUN.findall(chunk.lower()))
	return [token for token in tokens if token]


def _surname_variants(name: str) -> list[list[str]]:
	"""The syllable lists a name may be read as: the surname reading first, then
	pypinyin's ordinary reading when it differs."""
	ordinary = _syllables(name)
	variants = []
	reading = SURNAME_READINGS.get(name[0])
	if reading:
		variants.append(list(reading) + _syllables(name[1:]))
	if ordinary not in variants:
		variants.append(ordinary)
	return [variant for variant in variants if variant]


def _u_variants(syllables: list[str]) -> list[list[str]]:
	"""With ü spelled ``v`` (as typed, ``lv``) and, when present, also ``u`` (``lu``)."""
	if not any("v" in syllable for syllable in syllables):
		return [syllables]
	return [syllables, [syllable.replace("v", "u") for syllable in syllables]]


def _join(keys: list[str]) -> str:
	"""Unique keys, space-separated, within :data:`MAX_KEY_LENGTH`: the first key is
	cut to fit (a prefix still finds the name); a further key that does not fit whole
	is left out."""
	out: list[str] = []
	length = 0
	for key in keys:
		if not key or key in out:
			continue
		if not out:
			key = key[:MAX_KEY_LENGTH]
		elif length + 1 + len(key) > MAX_KEY_LENGTH:
			break
		out.append(key)
		length += len(key) + (1 if len(out) > 1 else 0)
	return " ".join(out)


def name_search_keys(name: str | None) -> tuple[str, str]:
	"""Full-pinyin and initials search keys of a personal name.

	Args:
	    name: the name as registered, e.g. ``"张三"``, ``"单雄信"``, ``"阿依古丽·买买提"``;
	        Latin letters and digits in it are kept (lower-cased), punctuation and spaces
	        are dropped.

	Returns:
	    (pinyin, initials), each a space-separated list of variants, lower-case:
	    ``("zhangsan", "zs")``, ``("shanxiongxin danxiongxin", "sxx dxx")``,
	    ``("lvbu lubu", "lb")``. ``("", "")`` for an empty name or one without any
	    letter, digit or Han character.
	"""
	text = unicodedata.normalize("NFKC", name or "").strip()
	if not text:
		return "", ""
	full: list[str] = []
	initials: list[str] = []
	for variant in _surname_variants(text):
		initials.append("".join(syllable[0] for syllable in variant))
		full.extend("".join(spelling) for spelling in _u_variants(variant))
	return _join(full), _join(initials)


def matches(name: str, query: str) -> bool:
	"""Whether a search for ``query`` finds ``name`` the way the database search does
	(a case-insensitive substring of the name, its pinyin or its initials).

	Args:
	    name: a registered name.
	    query: what the officer typed (characters, pinyin or initials).

	Returns:
	    bool.
	"""
	query = unicodedata.normalize("NFKC", query or "").strip().lower()
	if not query:
		return True
	pinyin, initials = name_search_keys(name)
	return query in (name or "").lower() or query in pinyin or query in initials
