"""Domain rules of left-behind children care, free of any framework.

Every rule the server enforces lives here as a plain function, so that it can be
tested with plain pytest and called by the Frappe controllers, the ledger importer
and the scheduled jobs alike. Nothing in this module imports frappe.

Sources (the five implementation plans in shared/seeds, "plan N" below):
- determination: plan 3 §一 (both parents away 3+ months, under 18) and the State
  Council opinion 国发〔2016〕13号 (both away, or one away and the other without
  guardianship capacity, under 16);
- guardianship category, risk level, guardian assessment: plan 3 §二(二);
- mentor duties: plan 1 §三6 ("三个二"), plan 3 §二(三)3, plan 5 §四3.

Errors are raised as :class:`RuleError` carrying a ``kind`` code (stable, used by
the importer's outcomes) and an English message template with positional ``{0}``
placeholders; the Frappe layer translates the template with ``frappe._``.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass, field
from enum import Enum

from dateutil.relativedelta import relativedelta


def _(message: str) -> str:
	"""Mark a message for translation extraction; translated by the Frappe layer."""
	return message


class RuleError(ValueError):
	"""A rule refused a value.

	Attributes:
	    kind: stable machine code, e.g. ``"bad_checksum"``.
	    template: English message with positional ``{0}`` placeholders.
	    params: values for the placeholders.
	"""

	def __init__(self, kind: str, template: str, *params):
		self.kind = kind
		self.template = template
		self.params = params
		super().__init__(template.format(*params))


# --------------------------------------------------------------------------------------
# Identity numbers (居民身份证号码), GB 11643-1999, checked with python-stdnum
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class IdentityInfo:
	"""What a valid resident identity number says.

	number: the 18-character number, upper-case check character.
	birth_date: the birth date encoded in digits 7-14.
	gender: "Male" (odd sequence digit) or "Female" (even).
	region_code: the 6-digit address code.
	"""

	number: str
	birth_date: datetime.date
	gender: str
	region_code: str


_FULLWIDTH = str.maketrans({chr(0xFF10 + i): str(i) for i in range(10)} | {"Ｘ": "X", "ｘ": "X"})
_SCIENTIFIC = re.compile(r"^\d(\.\d+)?[eE]\+?\d+$")


def normalize_id_number(raw) -> str:
	"""Normalise what an officer typed as an identity number.

	Args:
	    raw: str, int or float as read from a form or a spreadsheet cell.

	Returns:
	    The number with spaces, dashes and full-width characters removed and the
	    check character upper-cased (not yet validated). Empty string for empty input.

	Raises:
	    RuleError(kind="id_as_number"): the value is a float, or text in scientific
	    notation: Excel stored it as a number and rounded it to 15 significant
	    digits, so its last digits are lost and must never be guessed.
	"""
	if raw is None:
		return ""
	if isinstance(raw, bool):
		raw = str(raw)
	if isinstance(raw, float):
		raise RuleError(
			"id_as_number",
			_(
				"Identity number {0} was stored by Excel as a number and its last digits are lost. Retype it as text (put an apostrophe ' before it) and import again."
			),
			repr(raw),
		)
	if isinstance(raw, int):
		text = str(raw)
		if len(text) > 15:
			# An int of 16+ digits can only come from a number cell; Excel keeps 15.
			raise RuleError(
				"id_as_number",
				_(
					"Identity number {0} was stored by Excel as a number and its last digits are lost. Retype it as text (put an apostrophe ' before it) and import again."
				),
				text,
			)
		return text
	text = unicodedata.normalize("NFKC", str(raw)).translate(_FULLWIDTH)
	text = re.sub(r"[\s\-\u00a0\u3000'’‘`]", "", text).upper()
	if _SCIENTIFIC.match(text):
		raise RuleError(
			"id_as_number",
			_(
				"Identity number {0} was stored by Excel as a number and its last digits are lost. Retype it as text (put an apostrophe ' before it) and import again."
			),
			text,
		)
	return text


def parse_id_number(raw) -> IdentityInfo:
	"""Validate an 18-digit resident identity number and read what it encodes.

	Uses ``stdnum.cn.ric`` for the checksum, the birth date and the region code.

	Args:
	    raw: the number as typed (see :func:`normalize_id_number`).

	Returns:
	    IdentityInfo.

	Raises:
	    RuleError with kind ``missing_id``, ``id_as_number``, ``bad_length`` (including
	    the retired 15-digit format), ``bad_format``, ``bad_checksum``, ``bad_birth_date``
	    or ``bad_region``.
	"""
	from stdnum import exceptions as stdnum_errors
	from stdnum.cn import ric

	number = normalize_id_number(raw)
	if not number:
		raise RuleError("missing_id", _("The identity number is missing."))
	if len(number) != 18:
		raise RuleError(
			"bad_length",
			_("Identity number {0} has {1} characters; a resident identity number has 18."),
			number,
			len(number),
		)
	if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
		raise RuleError(
			"bad_format",
			_("Identity number {0} may only contain 17 digits followed by a digit or X."),
			number,
		)
	if ric.calc_check_digit(number) != number[17]:
		raise RuleError(
			"bad_checksum",
			_("Identity number {0} has a wrong check character: check it against the identity card."),
			number,
		)
	try:
		birth_date = ric.get_birth_date(number)
	except stdnum_errors.ValidationError:
		raise RuleError(
			"bad_birth_date", _("Identity number {0} contains an impossible birth date."), number
		) from None
	if not _region_known(number[:6]):
		raise RuleError(
			"bad_region", _("Identity number {0} starts with an unknown region code {1}."), number, number[:6]
		)
	gender = "Male" if int(number[16]) % 2 else "Female"
	return IdentityInfo(number=number, birth_date=birth_date, gender=gender, region_code=number[:6])


def _region_known(code: str) -> bool:
	"""Whether a 6-digit address code is (or was ever) a county-level code.

	``stdnum.cn.ric.get_birth_place`` also demands that the code existed in the
	birth year, but numbers are issued with the code of the place of registration
	at issue time: a guardian born in 1960 in a district created in 1997 carries the
	1997 code. So any code that ever existed is accepted.
	"""
	from stdnum import numdb

	return any(props for _part, props in numdb.get("cn/loc").info(code))


def check_identity_agrees(info: IdentityInfo, birth_date: datetime.date | None, gender: str | None) -> None:
	"""Check a recorded birth date and gender against the identity number.

	Args:
	    info: the parsed identity number.
	    birth_date: the recorded birth date, or None when not recorded.
	    gender: "Male"/"Female", or None/"" when not recorded.

	Raises:
	    RuleError(kind="birth_date_mismatch") or RuleError(kind="gender_mismatch").
	"""
	if birth_date and birth_date != info.birth_date:
		raise RuleError(
			"birth_date_mismatch",
			_("Birth date {0} does not match identity number {1}, which gives {2}."),
			birth_date.isoformat(),
			info.number,
			info.birth_date.isoformat(),
		)
	if gender and gender != info.gender:
		raise RuleError(
			"gender_mismatch",
			_("Gender {0} does not match identity number {1}, which gives {2}."),
			gender,
			info.number,
			info.gender,
		)


# --------------------------------------------------------------------------------------
# Phones, ages and dates
# --------------------------------------------------------------------------------------


_MOBILE_SHAPE = re.compile(r"^1[3-9]\d{9}$")


def normalize_phone(raw) -> str:
	"""Normalise a Chinese phone number with ``phonenumbers`` (region CN).

	Args:
	    raw: str, int or float (a number cell) as typed; spaces, dashes, +86 allowed.

	Returns:
	    Mobile numbers as 11 digits (``13812345678``); fixed lines as area code,
	    dash, subscriber number (``0851-86812345``); "" for empty input. An 11-digit
	    number of mobile shape (``1[3-9]`` and nine digits) is accepted even where the
	    phonenumbers data does not know its segment yet.

	Raises:
	    RuleError(kind="bad_phone") when it is not a valid Chinese number.
	"""
	import phonenumbers

	if raw is None or raw == "":
		return ""
	if isinstance(raw, float):
		if raw != int(raw):
			raise RuleError("bad_phone", _("Phone number {0} is not a valid Chinese phone number."), raw)
		raw = int(raw)
	text = unicodedata.normalize("NFKC", str(raw)).strip()
	if not text:
		return ""
	try:
		parsed = phonenumbers.parse(text, "CN")
	except phonenumbers.NumberParseException:
		parsed = None
	if parsed is None or not phonenumbers.is_valid_number(parsed) or parsed.country_code != 86:
		# A mainland mobile number of the right shape whose segment the phonenumbers data
		# does not list yet (segments such as 154, 174, 179 open or are reassigned every
		# year): accept it rather than lose the row; the shape is checked, not the segment.
		digits = re.sub(r"^\+?86(?=1\d{10}$)", "", re.sub(r"[\s\-()]", "", text))
		if _MOBILE_SHAPE.match(digits):
			return digits
		raise RuleError("bad_phone", _("Phone number {0} is not a valid Chinese phone number."), text)
	national = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL)
	if phonenumbers.number_type(parsed) == phonenumbers.PhoneNumberType.MOBILE:
		return re.sub(r"\D", "", national)
	area, _sep, rest = national.partition(" ")
	return f"{area}-{re.sub(r'[^0-9]', '', rest)}" if rest else re.sub(r"\D", "", national)


def age_on(birth_date: datetime.date, on: datetime.date) -> int:
	"""Age in whole years on a date (a child born 2010-03-05 turns 16 on 2026-03-05).

	Someone born on 29 February reaches each age on 1 March in common years.

	Returns:
	    int, negative when ``on`` is before the birth date.
	"""
	years = on.year - birth_date.year
	if (on.month, on.day) < (birth_date.month, birth_date.day):
		years -= 1
	return years


def months_between(start: datetime.date, end: datetime.date) -> int:
	"""Whole calendar months from ``start`` to ``end`` (0 when ``end`` is earlier).

	2026-06-30 → 2026-09-30 is 3 months; 2026-07-01 → 2026-09-30 is 2.
	"""
	if end < start:
		return 0
	delta = relativedelta(end, start)
	return delta.years * 12 + delta.months


def birthday_reached(birth_date: datetime.date, age: int) -> datetime.date:
	"""The date a person born on ``birth_date`` reaches ``age`` whole years.

	Someone born on 29 February reaches it on 1 March in a common year (as :func:`age_on`).
	"""
	year = birth_date.year + age
	try:
		return birth_date.replace(year=year)
	except ValueError:
		return datetime.date(year, 3, 1)


# --------------------------------------------------------------------------------------
# Left-behind determination (留守儿童认定)
# --------------------------------------------------------------------------------------


class ParentStatus(str, Enum):
	"""A parent's situation as recorded on the child's file."""

	AT_HOME = "At Home"
	AWAY_IN_PROVINCE = "Away for Work (In Province)"
	AWAY_OUT_OF_PROVINCE = "Away for Work (Out of Province)"
	DECEASED = "Deceased"
	INCAPABLE = "Without Guardianship Capacity"
	UNKNOWN = "Unknown"

	@property
	def is_away(self) -> bool:
		return self in (ParentStatus.AWAY_IN_PROVINCE, ParentStatus.AWAY_OUT_OF_PROVINCE)


@dataclass(frozen=True)
class ParentSituation:
	"""One parent: status, and since when they have been away (None if unknown)."""

	status: ParentStatus
	away_since: datetime.date | None = None


@dataclass(frozen=True)
class DeterminationRule:
	"""Parameters of the left-behind definition.

	age_limit: the child is left behind while younger than this (years).
	min_months_away: each away parent must have been away at least this many
	    whole months (0: any time).
	one_away_other_incapable: whether one parent away and the other without
	    guardianship capacity (or deceased) also counts.
	"""

	age_limit: int = 18
	min_months_away: int = 3
	one_away_other_incapable: bool = False


PLAN3_RULE = DeterminationRule(age_limit=18, min_months_away=3, one_away_other_incapable=False)
"""Plan 3 §一 (the default): both parents away 3 months or more, under 18."""

NATIONAL_RULE = DeterminationRule(age_limit=16, min_months_away=0, one_away_other_incapable=True)
"""国发〔2016〕13号: both away for work, or one away and the other incapable, under 16."""


class NotLeftBehindReason(str, Enum):
	"""Why a child is not (or no longer) left behind."""

	PARENT_AT_HOME = "A parent lives at home"
	NOT_AWAY_LONG_ENOUGH = "Parents away less than the minimum period"
	AGED_OUT = "Reached the age limit"
	NOT_BORN = "Not yet born on the evaluation date"
	PARENT_SITUATION_UNKNOWN = "Parents' situation not recorded"


@dataclass(frozen=True)
class Determination:
	"""Outcome of :func:`determine_left_behind`.

	left_behind: bool.
	reason: None when left behind, else a NotLeftBehindReason.
	age: the child's age in whole years on the evaluation date.
	"""

	left_behind: bool
	reason: NotLeftBehindReason | None
	age: int


def _away_long_enough(parent: ParentSituation, on: datetime.date, min_months: int) -> bool:
	if not parent.status.is_away:
		return False
	if parent.away_since is None:
		# Recorded as away without a date: the officer's record stands.
		return True
	if parent.away_since > on:
		return False
	return months_between(parent.away_since, on) >= min_months


def determine_left_behind(
	birth_date: datetime.date,
	parents: list[ParentSituation],
	on: datetime.date,
	rule: DeterminationRule = PLAN3_RULE,
) -> Determination:
	"""Decide whether a child is left behind on a date, from the parents' situation.

	Plan 3 §一: both parents have moved away from the rural place of residence for
	``rule.min_months_away`` months or more and the child is younger than
	``rule.age_limit``. With ``rule.one_away_other_incapable`` (国发〔2016〕13号), one
	parent away and the other without guardianship capacity or deceased also counts.

	Args:
	    birth_date: the child's birth date.
	    parents: the recorded parents (father and mother; missing ones count as unknown).
	    on: the evaluation date (a ledger's 填报日期, or today).
	    rule: the active definition.

	Returns:
	    Determination(left_behind, reason, age).
	"""
	age = age_on(birth_date, on)
	if age < 0:
		return Determination(False, NotLeftBehindReason.NOT_BORN, age)
	if age >= rule.age_limit:
		return Determination(False, NotLeftBehindReason.AGED_OUT, age)
	situations = list(parents)[:2]
	while len(situations) < 2:
		situations.append(ParentSituation(ParentStatus.UNKNOWN))
	if any(p.status == ParentStatus.AT_HOME for p in situations):
		return Determination(False, NotLeftBehindReason.PARENT_AT_HOME, age)
	away = [p for p in situations if p.status.is_away]
	long_enough = [p for p in away if _away_long_enough(p, on, rule.min_months_away)]
	if len(away) == 2:
		if len(long_enough) == 2:
			return Determination(True, None, age)
		return Determination(False, NotLeftBehindReason.NOT_AWAY_LONG_ENOUGH, age)
	if len(away) == 1 and rule.one_away_other_incapable:
		other = next(p for p in situations if not p.status.is_away)
		if other.status in (ParentStatus.INCAPABLE, ParentStatus.DECEASED):
			if long_enough:
				return Determination(True, None, age)
			return Determination(False, NotLeftBehindReason.NOT_AWAY_LONG_ENOUGH, age)
	return Determination(False, NotLeftBehindReason.PARENT_SITUATION_UNKNOWN, age)


def age_out_date(birth_date: datetime.date, rule: DeterminationRule = PLAN3_RULE) -> datetime.date:
	"""The date the child stops being left behind by age (their ``age_limit`` birthday)."""
	return birthday_reached(birth_date, rule.age_limit)


# --------------------------------------------------------------------------------------
# Guardianship category (监护类别), plan 3 §二(二)
# --------------------------------------------------------------------------------------


class Relationship(str, Enum):
	"""A guardian's relationship to the child."""

	FATHER = "Father"
	MOTHER = "Mother"
	PATERNAL_GRANDFATHER = "Paternal Grandfather"
	PATERNAL_GRANDMOTHER = "Paternal Grandmother"
	MATERNAL_GRANDFATHER = "Maternal Grandfather"
	MATERNAL_GRANDMOTHER = "Maternal Grandmother"
	UNCLE = "Uncle"
	AUNT = "Aunt"
	SIBLING = "Adult Sibling"
	OTHER_RELATIVE = "Other Relative"
	NEIGHBOUR = "Neighbour"
	DESIGNATED = "Designated by Village Committee"
	OTHER_NON_RELATIVE = "Other Non-relative"
	NONE = "None"


GRANDPARENTS = frozenset(
	{
		Relationship.PATERNAL_GRANDFATHER,
		Relationship.PATERNAL_GRANDMOTHER,
		Relationship.MATERNAL_GRANDFATHER,
		Relationship.MATERNAL_GRANDMOTHER,
	}
)
OTHER_RELATIVES = frozenset(
	{Relationship.UNCLE, Relationship.AUNT, Relationship.SIBLING, Relationship.OTHER_RELATIVE}
)
PARENTS = frozenset({Relationship.FATHER, Relationship.MOTHER})

# The words officers write in the 与儿童关系 column, mapped to a relationship.
RELATIONSHIP_WORDS: dict[str, Relationship] = {
	"父亲": Relationship.FATHER,
	"父": Relationship.FATHER,
	"爸爸": Relationship.FATHER,
	"母亲": Relationship.MOTHER,
	"母": Relationship.MOTHER,
	"妈妈": Relationship.MOTHER,
	"祖父": Relationship.PATERNAL_GRANDFATHER,
	"爷爷": Relationship.PATERNAL_GRANDFATHER,
	"祖母": Relationship.PATERNAL_GRANDMOTHER,
	"奶奶": Relationship.PATERNAL_GRANDMOTHER,
	"外祖父": Relationship.MATERNAL_GRANDFATHER,
	"外公": Relationship.MATERNAL_GRANDFATHER,
	"姥爷": Relationship.MATERNAL_GRANDFATHER,
	"外祖母": Relationship.MATERNAL_GRANDMOTHER,
	"外婆": Relationship.MATERNAL_GRANDMOTHER,
	"姥姥": Relationship.MATERNAL_GRANDMOTHER,
	"伯父": Relationship.UNCLE,
	"伯伯": Relationship.UNCLE,
	"叔叔": Relationship.UNCLE,
	"叔父": Relationship.UNCLE,
	"舅舅": Relationship.UNCLE,
	"舅父": Relationship.UNCLE,
	"姑父": Relationship.UNCLE,
	"姨父": Relationship.UNCLE,
	"姑姑": Relationship.AUNT,
	"姑妈": Relationship.AUNT,
	"姨妈": Relationship.AUNT,
	"阿姨": Relationship.AUNT,
	"姨母": Relationship.AUNT,
	"婶婶": Relationship.AUNT,
	"婶娘": Relationship.AUNT,
	"伯母": Relationship.AUNT,
	"舅妈": Relationship.AUNT,
	"舅母": Relationship.AUNT,
	"哥哥": Relationship.SIBLING,
	"姐姐": Relationship.SIBLING,
	"兄": Relationship.SIBLING,
	"姐": Relationship.SIBLING,
	"堂兄": Relationship.OTHER_RELATIVE,
	"堂姐": Relationship.OTHER_RELATIVE,
	"表兄": Relationship.OTHER_RELATIVE,
	"表姐": Relationship.OTHER_RELATIVE,
	"嫂子": Relationship.OTHER_RELATIVE,
	"其他亲属": Relationship.OTHER_RELATIVE,
	"亲戚": Relationship.OTHER_RELATIVE,
	"邻居": Relationship.NEIGHBOUR,
	"村委会指定监护人": Relationship.DESIGNATED,
	"村委会指定": Relationship.DESIGNATED,
	"社区指定监护人": Relationship.DESIGNATED,
	"指定监护人": Relationship.DESIGNATED,
	"朋友": Relationship.OTHER_NON_RELATIVE,
	"老师": Relationship.OTHER_NON_RELATIVE,
	"其他": Relationship.OTHER_NON_RELATIVE,
	"无": Relationship.NONE,
	"": Relationship.NONE,
}


def relationship_from_word(word: str | None) -> Relationship:
	"""Map the relationship as an officer writes it (``外婆``, ``叔叔``…) or as stored.

	Args:
	    word: the cell text, or a Relationship value ("Uncle"); None or blank means none.

	Returns:
	    Relationship.

	Raises:
	    RuleError(kind="bad_relationship") for a word the system does not know.
	"""
	text = re.sub(r"\s", "", unicodedata.normalize("NFKC", word or ""))
	if text in RELATIONSHIP_WORDS:
		return RELATIONSHIP_WORDS[text]
	for rel in Relationship:
		if rel.value.lower() == text.lower():
			return rel
	raise RuleError(
		"bad_relationship",
		_("Relationship {0} is not known: use one of 祖父, 祖母, 外祖父, 外祖母, 伯父, 叔叔, 姑姑, 舅舅, 姨妈, 哥哥, 姐姐, 邻居, 村委会指定监护人, 无."),
		word,
	)


class Category(str, Enum):
	"""Guardianship category of a left-behind child, plan 3 §二(二)."""

	ONE = "一类"
	TWO = "二类"
	THREE = "三类"


def guardianship_category(relationship: Relationship | None, left_behind: bool) -> Category | None:
	"""Guardianship category from the entrusted guardian's relationship (plan 3 §二(二)).

	- 三类: a grandparent or maternal grandparent is the guardian;
	- 二类: another relative (uncle, aunt, adult sibling, …);
	- 一类: nobody, or a non-relative (neighbour, a guardian designated by the
	  village committee): the township designates a guardian (plan 3 §二(三)1).
	A parent named as guardian of a left-behind child is not an entrusted guardian
	(that parent is away or incapable), so the child is 一类 as well.

	Args:
	    relationship: the guardian's relationship, or None when there is no guardian.
	    left_behind: the determination; only left-behind children are categorised.

	Returns:
	    Category, or None when the child is not left behind.
	"""
	if not left_behind:
		return None
	if relationship in GRANDPARENTS:
		return Category.THREE
	if relationship in OTHER_RELATIVES:
		return Category.TWO
	return Category.ONE


# --------------------------------------------------------------------------------------
# Risk level (风险等级) and guardian assessment (委托监护人评估), plan 3 §二(二)
# --------------------------------------------------------------------------------------


class RiskLevel(str, Enum):
	"""Risk level; 一级 is the most severe, 正常 none."""

	LEVEL_1 = "一级"
	LEVEL_2 = "二级"
	LEVEL_3 = "三级"
	LEVEL_4 = "四级"
	NORMAL = "正常"

	@property
	def severity(self) -> int:
		"""1 (most severe) … 4; 5 for 正常."""
		return {"一级": 1, "二级": 2, "三级": 3, "四级": 4, "正常": 5}[self.value]


# Indicator code → (level, English label). Plan 3 §二(二) defines each level by these.
RISK_INDICATORS: dict[str, tuple[RiskLevel, str]] = {
	"no_guardian": (RiskLevel.LEVEL_1, "No guardian"),
	"guardian_not_performing": (RiskLevel.LEVEL_1, "Guardian basically does not perform guardianship"),
	"vagrancy_begging": (RiskLevel.LEVEL_1, "Lives by vagrancy or begging"),
	"guardian_performs_poorly": (RiskLevel.LEVEL_2, "Guardian performs guardianship poorly"),
	"cannot_live_normally": (RiskLevel.LEVEL_2, "Cannot live normally or grow healthily"),
	"dropped_out": (RiskLevel.LEVEL_2, "Has dropped out of school"),
	"bad_behaviour": (RiskLevel.LEVEL_2, "Has taken up bad behaviour"),
	"serious_psychological_harm": (RiskLevel.LEVEL_3, "Serious psychological harm"),
	"discrimination_or_indifference": (RiskLevel.LEVEL_3, "Discrimination or indifference"),
	"corporal_punishment": (RiskLevel.LEVEL_3, "Corporal punishment"),
	"unfair_treatment": (RiskLevel.LEVEL_3, "Unfair treatment"),
	"behavioural_deviation": (RiskLevel.LEVEL_4, "Behavioural deviation"),
	"psychological_problems": (RiskLevel.LEVEL_4, "Psychological problems"),
	"withdrawn_personality": (RiskLevel.LEVEL_4, "Withdrawn personality"),
	"occasional_truancy": (RiskLevel.LEVEL_4, "Occasional truancy"),
}


def risk_level(indicators) -> RiskLevel:
	"""Risk level = the most severe indicator present (plan 3 §二(二)).

	Args:
	    indicators: iterable of indicator codes (keys of RISK_INDICATORS).

	Returns:
	    RiskLevel; NORMAL when there is none.

	Raises:
	    RuleError(kind="bad_indicator") for an unknown code.
	"""
	level = RiskLevel.NORMAL
	for code in indicators:
		if code not in RISK_INDICATORS:
			raise RuleError("bad_indicator", _("Risk indicator {0} is not known."), code)
		candidate = RISK_INDICATORS[code][0]
		if candidate.severity < level.severity:
			level = candidate
	return level


class GuardianAssessment(str, Enum):
	"""Assessment of the (entrusted) guardian, plan 3 §二(二)."""

	GOOD = "较好"
	FAIR = "一般"
	POOR = "差"


def allowed_guardian_assessments(has_guardian: bool, level: RiskLevel) -> tuple[GuardianAssessment, ...]:
	"""The assessments consistent with the guardian's presence and the risk level.

	- no guardian ⇒ 差 (the definition of 差 begins "无监护人");
	- 一级 (guardian basically does not perform, or none) ⇒ 差;
	- 二级, 三级, 四级 (harm caused by the guardian's failings) ⇒ not 较好;
	- 正常 ⇒ any.
	"""
	if not has_guardian or level == RiskLevel.LEVEL_1:
		return (GuardianAssessment.POOR,)
	if level in (RiskLevel.LEVEL_2, RiskLevel.LEVEL_3, RiskLevel.LEVEL_4):
		return (GuardianAssessment.FAIR, GuardianAssessment.POOR)
	return (GuardianAssessment.GOOD, GuardianAssessment.FAIR, GuardianAssessment.POOR)


def suggested_guardian_assessment(has_guardian: bool, level: RiskLevel) -> GuardianAssessment:
	"""The assessment implied when the assessor gives none: 差 for no guardian, 一级
	or 二级; 一般 for 三级/四级; 较好 for 正常."""
	if not has_guardian or level in (RiskLevel.LEVEL_1, RiskLevel.LEVEL_2):
		return GuardianAssessment.POOR
	if level in (RiskLevel.LEVEL_3, RiskLevel.LEVEL_4):
		return GuardianAssessment.FAIR
	return GuardianAssessment.GOOD


def check_guardian_assessment(
	assessment: GuardianAssessment | None, has_guardian: bool, level: RiskLevel
) -> GuardianAssessment:
	"""Validate (or derive) a guardian assessment.

	Args:
	    assessment: the assessor's grade, or None to derive it.
	    has_guardian: whether the child has an (entrusted) guardian.
	    level: the child's risk level.

	Returns:
	    The assessment to store.

	Raises:
	    RuleError(kind="assessment_contradicts") when it contradicts the rules above.
	"""
	if assessment is None:
		return suggested_guardian_assessment(has_guardian, level)
	allowed = allowed_guardian_assessments(has_guardian, level)
	if assessment not in allowed:
		if not has_guardian:
			raise RuleError(
				"assessment_contradicts",
				_("A child without a guardian must have the guardian assessment {0}, not {1}."),
				GuardianAssessment.POOR.value,
				assessment.value,
			)
		raise RuleError(
			"assessment_contradicts",
			_("Guardian assessment {0} contradicts risk level {1}: allowed are {2}."),
			assessment.value,
			level.value,
			"/".join(a.value for a in allowed),
		)
	return assessment


# --------------------------------------------------------------------------------------
# Ledger dates as officers type them
# --------------------------------------------------------------------------------------

_DATE_PATTERNS = (
	re.compile(r"^(\d{4})[.\-/](\d{1,2})[.\-/](\d{1,2})$"),
	re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$"),
	re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)
_MONTH_PATTERNS = (
	re.compile(r"^(\d{4})[.\-/](\d{1,2})$"),
	re.compile(r"^(\d{4})年(\d{1,2})月$"),
	re.compile(r"^(\d{4})(\d{2})$"),
)


def parse_ledger_date(raw, allow_month: bool = False) -> datetime.date | None:
	"""Read a date as officers type it in a ledger.

	Accepts real dates/datetimes, ``2015.3.5``, ``2015/03/05``, ``2015-03-05``,
	``2015年3月5日``, and ``20150305`` as text or number. With ``allow_month``,
	a month alone (``2020.7``, ``2020年7月``, ``202007``) means its first day.

	Returns:
	    datetime.date, or None for an empty cell.

	Raises:
	    RuleError(kind="bad_date") for anything else, including impossible dates
	    and 2-digit years.
	"""
	if raw is None:
		return None
	if isinstance(raw, datetime.datetime):
		return raw.date()
	if isinstance(raw, datetime.date):
		return raw
	if isinstance(raw, float):
		if raw != int(raw):
			raise RuleError("bad_date", _("{0} is not a date: write it as 2015-03-05."), raw)
		raw = int(raw)
	text = unicodedata.normalize("NFKC", str(raw)).strip()
	text = re.sub(r"\s", "", text)
	if not text:
		return None
	patterns = _DATE_PATTERNS + (_MONTH_PATTERNS if allow_month else ())
	for pattern in patterns:
		match = pattern.match(text)
		if match:
			parts = [int(x) for x in match.groups()] + [1]
			try:
				return datetime.date(parts[0], parts[1], parts[2])
			except ValueError:
				break
	raise RuleError("bad_date", _("{0} is not a date: write it as 2015-03-05."), text)


# --------------------------------------------------------------------------------------
# Mentor duties (帮扶职责): compliance arithmetic
# --------------------------------------------------------------------------------------


class DutyPeriod(str, Enum):
	"""The period a duty counts over."""

	WEEK = "Week"
	FORTNIGHT = "Two Weeks"
	MONTH = "Month"
	TWO_MONTHS = "Two Months"
	TERM = "Term"


@dataclass(frozen=True)
class Duty:
	"""A visit duty: ``times`` contacts of ``activities`` every ``period``.

	activities: the Home Visit types (e.g. {"Home Visit"}) that count.
	"""

	name: str
	activities: frozenset[str]
	times: int
	period: DutyPeriod


def period_bounds(period: DutyPeriod, on: datetime.date) -> tuple[datetime.date, datetime.date]:
	"""The calendar period containing ``on``: (first day, last day), both inclusive.

	Weeks start on Monday; two-week periods are ISO week pairs (weeks 1-2, 3-4, …);
	two-month periods are Jan-Feb, Mar-Apr, …; terms are the spring term
	(1 Feb – 31 Jul) and the autumn term (1 Aug – 31 Jan).
	"""
	if period == DutyPeriod.WEEK:
		start = on - datetime.timedelta(days=on.weekday())
		return start, start + datetime.timedelta(days=6)
	if period == DutyPeriod.FORTNIGHT:
		monday = on - datetime.timedelta(days=on.weekday())
		week = monday.isocalendar()[1]
		start = monday - datetime.timedelta(days=7 if week % 2 == 0 else 0)
		return start, start + datetime.timedelta(days=13)
	if period == DutyPeriod.MONTH:
		start = on.replace(day=1)
		return start, start + relativedelta(months=1) - datetime.timedelta(days=1)
	if period == DutyPeriod.TWO_MONTHS:
		start = datetime.date(on.year, on.month - (on.month - 1) % 2, 1)
		return start, start + relativedelta(months=2) - datetime.timedelta(days=1)
	if on.month == 1:
		return datetime.date(on.year - 1, 8, 1), datetime.date(on.year, 1, 31)
	if on.month >= 8:
		return datetime.date(on.year, 8, 1), datetime.date(on.year + 1, 1, 31)
	return datetime.date(on.year, 2, 1), datetime.date(on.year, 7, 31)


@dataclass
class DutyCompliance:
	"""Compliance with one duty in one period.

	done: matching contacts in the period; required: duty.times;
	due_date: the period's last day; met: done >= required.
	"""

	duty: Duty
	period_start: datetime.date
	period_end: datetime.date
	done: int
	required: int
	met: bool = field(init=False)

	def __post_init__(self):
		self.met = self.done >= self.required


def duty_compliance(duty: Duty, visits, on: datetime.date) -> DutyCompliance:
	"""Count the contacts that satisfy a duty in the period containing ``on``.

	Args:
	    duty: the duty.
	    visits: iterable of (date, activity) pairs from the Home Visit log.
	    on: a date inside the period to evaluate.

	Returns:
	    DutyCompliance.
	"""
	start, end = period_bounds(duty.period, on)
	done = sum(1 for day, activity in visits if start <= day <= end and activity in duty.activities)
	return DutyCompliance(duty, start, end, done, duty.times)


# --------------------------------------------------------------------------------------
# Reporting periods, deadlines, age bands and visit intervals (plan 3 §二(一), plan 4 §三2)
# --------------------------------------------------------------------------------------


def quarter_of(day: datetime.date) -> tuple[int, int]:
	"""The (year, quarter) a date falls in; quarters are Jan-Mar = 1 … Oct-Dec = 4."""
	return day.year, (day.month - 1) // 3 + 1


def quarter_bounds(year: int, quarter: int) -> tuple[datetime.date, datetime.date]:
	"""First and last day (both inclusive) of a calendar quarter.

	Raises:
	    RuleError(kind="bad_quarter") for a quarter outside 1-4.
	"""
	if quarter not in (1, 2, 3, 4):
		raise RuleError("bad_quarter", _("Quarter {0} does not exist: use 1, 2, 3 or 4."), quarter)
	start = datetime.date(year, 3 * quarter - 2, 1)
	return start, start + relativedelta(months=3) - datetime.timedelta(days=1)


def previous_quarter(day: datetime.date) -> tuple[int, int]:
	"""The (year, quarter) of the last quarter that ended before ``day``.

	Villages report a quarter's changes after it ends (plan 4 §三2, 按季度上报), so on
	2026-10-05 the quarter being reported is 2026 Q3.
	"""
	year, quarter = quarter_of(day)
	return (year - 1, 4) if quarter == 1 else (year, quarter - 1)


def quarters_between(start: datetime.date, end: datetime.date) -> list[tuple[int, int]]:
	"""Every (year, quarter) that overlaps [start, end], in order ([] when end < start)."""
	if end < start:
		return []
	result = []
	year, quarter = quarter_of(start)
	while quarter_bounds(year, quarter)[0] <= end:
		result.append((year, quarter))
		year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
	return result


def submission_due_date(period_end: datetime.date, days_after: int) -> datetime.date:
	"""The deadline of a tier's quarterly submission: ``days_after`` days after the quarter ends.

	Plan 3 §二(一) sets the villages' ledgers, the townships' consolidation and the
	county's report to the city a few days apart (6-23, 6-25, 6-30); the defaults of
	Left Behind Care Settings space the tiers one week apart.

	Raises:
	    RuleError(kind="bad_deadline") for a negative number of days.
	"""
	if days_after < 0:
		raise RuleError(
			"bad_deadline", _("A deadline cannot be {0} days before the quarter ends."), -days_after
		)
	return period_end + datetime.timedelta(days=days_after)


def days_late(due_date: datetime.date, submitted_on: datetime.date) -> int:
	"""Whole days a submission came after its deadline (0 when on time)."""
	return max((submitted_on - due_date).days, 0)


@dataclass(frozen=True)
class AgeBand:
	"""An age band of the summary, both ends inclusive, in whole years."""

	low: int
	high: int

	@property
	def label(self) -> str:
		return f"{self.low}–{self.high}"


def age_bands(age_limit: int) -> list[AgeBand]:
	"""The age bands of the summary table: 0–5, 6–13, 14–(limit − 1).

	The 2016 registration forms for left-behind children count 0–5, 6–13 and 14 up to
	the age limit; the last band follows the active definition (14–17 under plan 3's
	limit of 18, 14–15 under the national limit of 16). Bands that the limit cuts off
	are shortened or dropped.

	Raises:
	    RuleError(kind="bad_age_limit") for a limit below 1.
	"""
	if age_limit < 1:
		raise RuleError("bad_age_limit", _("The age limit must be at least 1, not {0}."), age_limit)
	bands = []
	for low, high in ((0, 5), (6, 13), (14, age_limit - 1)):
		high = min(high, age_limit - 1)
		if low <= high:
			bands.append(AgeBand(low, high))
	return bands


def latest_birth_date_for_age(on: datetime.date, age: int) -> datetime.date:
	"""The latest birth date of someone at least ``age`` whole years old on ``on``.

	Agrees with :func:`age_on` (29 February birthdays included), so that a query can
	count an age band with ``birth_date <= latest_birth_date_for_age(on, low)``.
	"""
	return on - relativedelta(years=age)


def visit_due_date(
	last_visit: datetime.date | None, registered_on: datetime.date, interval_days: int
) -> datetime.date:
	"""When a child's next visit falls due: ``interval_days`` after the last visit, or
	after registration for a child never visited.

	Plan 3 §二(三)3: a home visit to every left-behind child every two weeks (14 days).
	"""
	return (last_visit or registered_on) + datetime.timedelta(days=interval_days)


def visit_days_overdue(
	last_visit: datetime.date | None, registered_on: datetime.date, interval_days: int, on: datetime.date
) -> int:
	"""Whole days a visit is overdue on ``on`` (0 when not yet due or due that day)."""
	return max((on - visit_due_date(last_visit, registered_on, interval_days)).days, 0)
