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
		_(
			"Relationship {0} is not known: use one of 祖父, 祖母, 外祖父, 外祖母, 伯父, 叔叔, 姑姑, 舅舅, 姨妈, 哥哥, 姐姐, 邻居, 村委会指定监护人, 无."
		),
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


FORTNIGHT_EPOCH = datetime.date(2024, 1, 1)
"""A Monday: two-week periods are counted from it."""


@dataclass(frozen=True)
class Duty:
	"""A visit duty: ``times`` contacts of ``activities`` every ``period``.

	activities: the Home Visit types (e.g. {"Home Visit"}) that count.
	risk_levels: the risk levels (RiskLevel values, 正常 included) of the children it
	    applies to; empty: every child (e.g. a 一级 child visited more often).
	"""

	name: str
	activities: frozenset[str]
	times: int
	period: DutyPeriod
	risk_levels: frozenset[str] = frozenset()


def period_bounds(period: DutyPeriod, on: datetime.date) -> tuple[datetime.date, datetime.date]:
	"""The calendar period containing ``on``: (first day, last day), both inclusive.

	Weeks start on Monday; two-week periods are consecutive 14-day blocks from Monday
	1 January 2024 (ISO week pairs would overlap in a year of 53 weeks); two-month
	periods are Jan-Feb, Mar-Apr, …; terms are the spring term (1 Feb – 31 Jul) and
	the autumn term (1 Aug – 31 Jan). Consecutive periods never overlap nor leave a gap.
	"""
	if period == DutyPeriod.WEEK:
		start = on - datetime.timedelta(days=on.weekday())
		return start, start + datetime.timedelta(days=6)
	if period == DutyPeriod.FORTNIGHT:
		start = on - datetime.timedelta(days=(on - FORTNIGHT_EPOCH).days % 14)
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


def duty_applies(duty: Duty, risk_level: str | None) -> bool:
	"""Whether a duty applies to a child of a risk level (plan 3 §二(二): 一级 … 四级, 正常).

	Args:
	    duty: the duty; an empty ``risk_levels`` means every child.
	    risk_level: the child's current risk level; empty counts as 正常.

	Returns:
	    bool.
	"""
	if not duty.risk_levels:
		return True
	return (risk_level or RiskLevel.NORMAL.value) in duty.risk_levels


def next_period(
	period: DutyPeriod, bounds: tuple[datetime.date, datetime.date]
) -> tuple[datetime.date, datetime.date]:
	"""The period right after ``bounds`` (as returned by :func:`period_bounds`)."""
	return period_bounds(period, bounds[1] + datetime.timedelta(days=1))


def previous_period(
	period: DutyPeriod, bounds: tuple[datetime.date, datetime.date]
) -> tuple[datetime.date, datetime.date]:
	"""The period right before ``bounds`` (as returned by :func:`period_bounds`)."""
	return period_bounds(period, bounds[0] - datetime.timedelta(days=1))


def paced_due_date(start: datetime.date, end: datetime.date, times: int, k: int) -> datetime.date:
	"""The day by which the ``k``-th of ``times`` contacts of a period is due.

	Contacts are paced evenly over the period: the k-th is due once k/times of the
	period's days have passed, i.e. on day ceil(days × k / times) of the period. For
	"twice a week" (plan 1 "三个二") the first contact is due by Thursday and the second
	by Sunday; the last one is always due on the period's last day.

	Args:
	    start, end: the period, both days inclusive.
	    times: contacts required in the period (>= 1).
	    k: 1 … times.

	Returns:
	    datetime.date.

	Raises:
	    RuleError(kind="bad_duty") when times < 1 or k is outside 1 … times.
	"""
	if times < 1 or not 1 <= k <= times:
		raise RuleError("bad_duty", _("Contact {0} of {1} in a period does not exist."), k, times)
	days = (end - start).days + 1
	return start + datetime.timedelta(days=-(-days * k // times) - 1)


def first_counted_period(
	period: DutyPeriod, active_from: datetime.date
) -> tuple[datetime.date, datetime.date]:
	"""The first period a duty counts in: the period containing ``active_from`` when
	``active_from`` lies in its first half, else the next one.

	A pairing (or a registration) made on 2 November owes November's contacts; one made
	on a Saturday owes nothing for that week: nobody can make the week's two contacts
	in a day.
	"""
	bounds = period_bounds(period, active_from)
	length = (bounds[1] - bounds[0]).days + 1
	if (active_from - bounds[0]).days * 2 < length:
		return bounds
	return next_period(period, bounds)


def _matching_dates(duty: Duty, visits) -> list[datetime.date]:
	return sorted(day for day, activity in visits if activity in duty.activities)


@dataclass(frozen=True)
class DutyStatus:
	"""Where a duty stands on a day (:func:`duty_status`).

	next_due: the day the next contact is due.
	period_start, period_end: the period that contact belongs to.
	contact_number: which contact of that period it is (1 … times).
	overdue_days: whole days past ``next_due`` (0 when not overdue).
	"""

	duty: Duty
	next_due: datetime.date
	period_start: datetime.date
	period_end: datetime.date
	contact_number: int
	overdue_days: int

	@property
	def overdue(self) -> bool:
		return self.overdue_days > 0

	def falls_due(self, on: datetime.date, reminder_days: int) -> bool:
		"""Overdue, or due within ``reminder_days`` days of ``on`` (0: due today)."""
		return self.overdue or (self.next_due - on).days <= reminder_days


def duty_status(duty: Duty, visits, on: datetime.date, active_from: datetime.date) -> DutyStatus:
	"""The next due date of a duty and how many days it is overdue, from the visit log.

	The next contact due is the first paced contact (:func:`paced_due_date`) not yet
	made after the last matching contact: when the last contact's period already has
	``times`` contacts, it is the first contact of the following period; otherwise the
	next contact of that same period. So a mentor who stops visiting stays overdue,
	and the days overdue grow, across period boundaries (which escalation relies on),
	while a mentor on pace is never overdue. Contacts before ``active_from`` (an
	earlier pairing) do not count, and the period ``active_from`` falls in counts only
	when ``active_from`` lies in its first half (:func:`first_counted_period`).

	Only the latest ``duty.times`` matching contacts decide the result, so a caller
	may pass just those (the scheduled job reads them with one query for all children).

	Args:
	    duty: the duty.
	    visits: iterable of (date, activity) pairs (the child's Home Visit log, or the
	        contacts made by one mentor); other activities are ignored.
	    on: the evaluation day.
	    active_from: first day the duty applied (pairing start, registration).

	Returns:
	    DutyStatus.

	Example (plan 1, twice a week, paired from Monday 2026-11-02): a phone call on
	Tuesday 11-03 leaves the second contact due Sunday 11-08; on Tuesday 11-10 with
	no further contact the status is next_due 2026-11-08, overdue_days 2.
	"""
	dates = [day for day in _matching_dates(duty, visits) if active_from <= day <= on]
	first = first_counted_period(duty.period, active_from)
	if dates and dates[-1] >= first[0]:
		last = dates[-1]
		bounds = period_bounds(duty.period, last)
		done = sum(1 for day in dates if bounds[0] <= day <= bounds[1])
	else:
		bounds, done = first, 0
	if done >= duty.times:
		bounds, done = next_period(duty.period, bounds), 0
	due = paced_due_date(bounds[0], bounds[1], duty.times, done + 1)
	return DutyStatus(duty, due, bounds[0], bounds[1], done + 1, max((on - due).days, 0))


@dataclass(frozen=True)
class PeriodResult:
	"""One period of :func:`compliance_over_range`: contacts done and required."""

	start: datetime.date
	end: datetime.date
	done: int
	required: int

	@property
	def met(self) -> bool:
		return self.done >= self.required

	@property
	def credited(self) -> int:
		"""Contacts credited: extra contacts in one period do not make up for another."""
		return min(self.done, self.required)


@dataclass(frozen=True)
class RangeCompliance:
	"""Compliance with one duty over a date range (:func:`compliance_over_range`).

	periods: the periods that fell due in the range while the duty applied.
	"""

	duty: Duty
	range_start: datetime.date
	range_end: datetime.date
	periods: tuple[PeriodResult, ...]

	@property
	def periods_due(self) -> int:
		return len(self.periods)

	@property
	def periods_met(self) -> int:
		return sum(1 for p in self.periods if p.met)

	@property
	def required(self) -> int:
		return sum(p.required for p in self.periods)

	@property
	def done(self) -> int:
		return sum(p.done for p in self.periods)

	@property
	def credited(self) -> int:
		return sum(p.credited for p in self.periods)

	@property
	def rate(self) -> float | None:
		"""credited / required, rounded to 4 places; None when nothing fell due."""
		return round(self.credited / self.required, 4) if self.required else None


def compliance_over_range(
	duty: Duty,
	visits,
	range_start: datetime.date,
	range_end: datetime.date,
	active_from: datetime.date | None = None,
	active_to: datetime.date | None = None,
) -> RangeCompliance:
	"""Compliance with a duty over any date range, from the visit log.

	A period counts when its last day (its due date) lies in [range_start, range_end]
	and the duty applied to it: from its first half on (:func:`first_counted_period`)
	and until its last day (``active_to`` empty or >= last day). Its contacts are counted over the whole
	period, also the days before ``range_start``. So a report for November counts the
	weeks ending in November and the month of November; periods still running on
	``range_end`` are not yet due and are left out.

	Args:
	    duty: the duty.
	    visits: iterable of (date, activity) pairs.
	    range_start, range_end: the range, both inclusive.
	    active_from, active_to: when the duty applied (pairing dates); None: always.

	Returns:
	    RangeCompliance.

	Raises:
	    RuleError(kind="bad_range") when range_end is before range_start.
	"""
	if range_end < range_start:
		raise RuleError(
			"bad_range",
			_("The period ends on {0}, before it starts on {1}."),
			range_end.isoformat(),
			range_start.isoformat(),
		)
	dates = _matching_dates(duty, visits)
	first_start = first_counted_period(duty.period, active_from)[0] if active_from else None
	periods = []
	bounds = period_bounds(duty.period, range_start)
	while bounds[0] <= range_end:
		start, end = bounds
		applies = (first_start is None or first_start <= start) and (active_to is None or active_to >= end)
		if range_start <= end <= range_end and applies:
			done = sum(1 for day in dates if start <= day <= end)
			periods.append(PeriodResult(start, end, done, duty.times))
		bounds = next_period(duty.period, bounds)
	return RangeCompliance(duty, range_start, range_end, tuple(periods))


class Escalation(str, Enum):
	"""Who is told about overdue visits (issue: village child director, then township)."""

	NONE = ""
	VILLAGE = "Village"
	TOWNSHIP = "Township"


def escalation_for(overdue_days: int, village_after_days: int, township_after_days: int) -> Escalation:
	"""The escalation tier for a child whose visits are ``overdue_days`` overdue.

	Args:
	    overdue_days: whole days overdue (0 or less: not overdue).
	    village_after_days: overdue this many days or more: the village child director.
	    township_after_days: this many days or more: the township as well (0: never).

	Returns:
	    Escalation.

	Raises:
	    RuleError(kind="bad_margin") when a margin is below 1 or the township margin is
	    smaller than the village margin.
	"""
	check_escalation_margins(village_after_days, township_after_days)
	if overdue_days <= 0:
		return Escalation.NONE
	if township_after_days and overdue_days >= township_after_days:
		return Escalation.TOWNSHIP
	if overdue_days >= village_after_days:
		return Escalation.VILLAGE
	return Escalation.NONE


def check_escalation_margins(village_after_days: int, township_after_days: int) -> None:
	"""Validate escalation margins (days): village >= 1; township 0 (off) or >= village.

	Raises:
	    RuleError(kind="bad_margin").
	"""
	if village_after_days < 1:
		raise RuleError(
			"bad_margin",
			_("Escalation to the village must come at least {0} day after a visit falls overdue."),
			1,
		)
	if township_after_days and township_after_days < village_after_days:
		raise RuleError(
			"bad_margin",
			_(
				"Escalation to the township ({0} days) cannot come before escalation to the village ({1} days)."
			),
			township_after_days,
			village_after_days,
		)


def check_mentor_capacity(mentor: str, active_children: int, cap: int) -> None:
	"""Refuse one more child for a mentor who already mentors ``cap`` children.

	Plan 1 §三3/§三6: each teacher is proxy parent to two left-behind children.

	Args:
	    mentor: the mentor's name (for the message).
	    active_children: children the mentor already has in active pairings.
	    cap: the limit; 0 means no limit.

	Raises:
	    RuleError(kind="mentor_capacity").
	"""
	if cap and active_children >= cap:
		raise RuleError(
			"mentor_capacity",
			_("{0} already mentors {1} children; a mentor may have at most {2} (Left Behind Care Settings)."),
			mentor,
			active_children,
			cap,
		)


# --------------------------------------------------------------------------------------
# Mandatory reporting clock (强制报告, plan 4 §四1)
# --------------------------------------------------------------------------------------


def police_report_due(found_on: datetime.datetime, deadline_hours: float) -> datetime.datetime:
	"""When a mandatory report must have reached the police.

	Plan 4 §四1 says "at once" (第一时间); the system shows a report as overdue after
	``deadline_hours`` hours (Left Behind Care Settings, 24 by default).
	"""
	return found_on + datetime.timedelta(hours=deadline_hours)


def police_report_overdue(
	found_on: datetime.datetime,
	reported_on: datetime.datetime | None,
	now: datetime.datetime,
	deadline_hours: float,
) -> bool:
	"""Whether a mandatory report missed its deadline: still unreported after it, or
	reported to the police later than it."""
	due = police_report_due(found_on, deadline_hours)
	if reported_on is None:
		return now > due
	return reported_on > due


# --------------------------------------------------------------------------------------
# Privacy (plan 4 §四5): masking and guardian consent
# --------------------------------------------------------------------------------------

MASK = "*"
GUARDIAN_CONSENT_AGE = 14
"""Below this age a guardian must consent (个人信息保护法 §31); from it the child may."""


class ConsentGiver(str, Enum):
	"""Who consented to the child's information being recorded and shared."""

	GUARDIAN = "Guardian"
	PARENT = "Parent"
	CHILD = "Child (aged 14 or over)"


def mask_id_number(value: str | None) -> str:
	"""``52030220150305123X`` → ``5203**********123X`` (first 4 and last 4 kept).

	Shorter values keep only their last character; "" for empty.
	"""
	value = (value or "").strip()
	if not value:
		return ""
	if len(value) <= 8:
		return MASK * (len(value) - 1) + value[-1]
	return value[:4] + MASK * (len(value) - 8) + value[-4:]


def mask_phone(value: str | None) -> str:
	"""``13812345678`` → ``138****5678``; ``0851-86812345`` → ``0851-****2345``.

	Any other value keeps its last 4 characters; "" for empty.
	"""
	value = (value or "").strip()
	if not value:
		return ""
	if re.fullmatch(r"1\d{10}", value):
		return value[:3] + MASK * 4 + value[-4:]
	area, dash, number = value.partition("-")
	if dash and len(number) > 4:
		return f"{area}-{MASK * (len(number) - 4)}{number[-4:]}"
	if len(value) <= 4:
		return MASK * len(value)
	return MASK * (len(value) - 4) + value[-4:]


_ADDRESS_LEVELS = (
	re.compile(r"街道|镇|乡(?!镇)"),  # township (乡镇 is one word)
	re.compile(r"县|区"),
	re.compile(r"市"),
	re.compile(r"省"),
)


def mask_address(value: str | None) -> str:
	"""Keep an address down to the township (镇/乡/街道), or else the county, city or
	province, and hide the rest: ``贵州省遵义市测试区东乡镇东一村3组12号`` →
	``贵州省遵义市测试区东乡镇****``. Without such a level only the first 2 characters
	stay; "" for empty."""
	value = (value or "").strip()
	if not value:
		return ""
	for level in _ADDRESS_LEVELS:
		match = next((m for m in level.finditer(value) if m.end() < len(value)), None)
		if match:
			return value[: match.end()] + MASK * 4
	return (value[:2] if len(value) > 2 else "") + MASK * 4


def check_consent(
	birth_date: datetime.date,
	given_by: ConsentGiver | None,
	consent_date: datetime.date | None,
	today: datetime.date,
) -> None:
	"""Check a consent record (plan 4 §四5: nothing leaves the system without the
	guardian's consent; 个人信息保护法 §31: a guardian consents for a child under 14).

	Raises:
	    RuleError with kind ``consent_incomplete`` (no giver or no date),
	    ``consent_in_future``, or ``consent_by_child_under_14``.
	"""
	if given_by is None or consent_date is None:
		raise RuleError("consent_incomplete", _("Record who gave the consent and on which date."))
	if consent_date > today:
		raise RuleError(
			"consent_in_future", _("The consent date {0} is in the future."), consent_date.isoformat()
		)
	if given_by == ConsentGiver.CHILD and age_on(birth_date, consent_date) < GUARDIAN_CONSENT_AGE:
		raise RuleError(
			"consent_by_child_under_14",
			_("The child was {0} on {1}: below 14 the guardian must give the consent."),
			age_on(birth_date, consent_date),
			consent_date.isoformat(),
		)


def may_share_identifiable(
	birth_date: datetime.date,
	given_by: ConsentGiver | None,
	consent_date: datetime.date | None,
	has_attachment: bool,
	today: datetime.date,
) -> bool:
	"""Whether the child's identifiable information may leave the system (an export
	with identity numbers, phones or addresses): a complete, valid consent with its
	signed form attached. Never raises."""
	if not has_attachment:
		return False
	try:
		check_consent(birth_date, given_by, consent_date, today)
	except RuleError:
		return False
	return True


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
