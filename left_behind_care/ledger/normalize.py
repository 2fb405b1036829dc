"""Turn a raw ledger row into a normalised record, or say which column is wrong.

What officers type, and what it becomes (the rules are in :mod:`left_behind_care.rules`):
- identity numbers with spaces, dashes or a lower-case ``x`` → 18 characters, upper-case
  check character; a number cell (Excel kept 15 significant digits) → rejected, never guessed;
- dates as Excel dates, ``2015.3.5``, ``2015/03/05``, ``2015年3月5日``, ``20150305``;
  parents' departure may be a month alone (``2020.7``);
- phones as numbers or with dashes/spaces → 11-digit mobiles or ``0851-86812345``;
- gender blank → from the identity number; 男/女 (and M/F) otherwise;
- a parent's workplace ``在家`` → at home; 已故 → deceased; a place → away for work,
  in or out of the home province by the place's province;
- relationship words (祖父, 外婆, 叔叔, 村委会指定监护人, 无 …) → Relationship;
- 是/否 (有/无, √/×, Y/N, 1/0) → yes/no.

Every column is checked, so a row's message lists every problem at once; the row's
outcome kind is the first of them, identity-number problems first.
"""

from __future__ import annotations

import datetime
import math
import re
import unicodedata
from dataclasses import dataclass, field

from left_behind_care import rules
from left_behind_care.ledger.reader import RawRow


def _(message: str) -> str:
	"""Mark a message for translation extraction; translated by the Frappe layer."""
	return message


@dataclass
class RowProblem:
	"""One problem in one column.

	kind: stable code (``bad_checksum``, ``missing_name``, ``bad_date`` …).
	column: the column key (see :mod:`.columns`), or None for the row as a whole.
	template: English message with positional ``{0}`` placeholders.
	params: values for the placeholders.
	"""

	kind: str
	column: str | None
	template: str
	params: tuple = ()

	def message(self) -> str:
		"""The English message (the Frappe layer translates ``template`` instead)."""
		return self.template.format(*self.params)


class RowError(ValueError):
	"""A row cannot be imported.

	Attributes:
	    problems: list of RowProblem, the first one decides the row's outcome kind.
	"""

	def __init__(self, problems: list[RowProblem]):
		self.problems = problems
		super().__init__("; ".join(problem.message() for problem in problems))

	@property
	def kind(self) -> str:
		"""The outcome kind: the first problem's kind."""
		return self.problems[0].kind

	@property
	def column(self) -> str | None:
		"""The first problem's column key."""
		return self.problems[0].column


@dataclass
class ParentRecord:
	"""A parent as the ledger gives them.

	name: the parent's name, None when blank.
	status: a rules.ParentStatus value, None when the ledger says nothing (keep the file's).
	destination: where they work, None when at home or not given.
	away_since: when they left, None when not given.
	"""

	name: str | None = None
	status: str | None = None
	destination: str | None = None
	away_since: datetime.date | None = None

	@property
	def given(self) -> bool:
		"""Whether the ledger says anything about this parent."""
		return bool(self.name or self.status or self.away_since)


@dataclass
class LedgerRecord:
	"""A normalised ledger row, ready to be written to a Child (and its relatives).

	Fields left None mean "the ledger cell is blank": an update keeps what the file has.
	``guardian_relationship`` is None when the relationship cell is blank, and
	``Relationship.NONE`` when it says 无 (no guardian).
	"""

	sheet: str
	sheet_row: int
	ledger_row: int
	identity: rules.IdentityInfo
	child_name: str
	gender: str
	birth_date: datetime.date
	ethnicity: str | None = None
	township: str | None = None
	village: str | None = None
	school: str | None = None
	grade: str | None = None
	father: ParentRecord = field(default_factory=ParentRecord)
	mother: ParentRecord = field(default_factory=ParentRecord)
	guardian_name: str | None = None
	guardian_relationship: rules.Relationship | None = None
	guardian_relationship_word: str | None = None
	guardian_phone: str | None = None
	low_income: bool | None = None
	disabled: bool | None = None
	mentor_name: str | None = None
	mentor_phone: str | None = None
	address: str | None = None
	notes: str | None = None

	@property
	def id_number(self) -> str:
		return self.identity.number


# ------------------------------------------------------------------------------ values


def clean_text(value) -> str | None:
	"""A text cell: NFKC-normalised, inner whitespace runs collapsed, None when blank.

	Numbers that are whole (``2.0``) are written without the decimal part.
	"""
	if value is None:
		return None
	if isinstance(value, float) and value.is_integer():
		value = int(value)
	if isinstance(value, datetime.datetime):
		value = value.date()
	if isinstance(value, datetime.date):
		return value.isoformat()
	text = unicodedata.normalize("NFKC", str(value)).strip()
	text = re.sub(r"\s+", " ", text)
	return text or None


def clean_name(value) -> str | None:
	"""A person's name: text without any whitespace (Chinese names carry none)."""
	text = clean_text(value)
	if text is None:
		return None
	if re.search(r"[\u4e00-\u9fff]", text):
		text = re.sub(r"\s", "", text)
	return text or None


GENDER_WORDS = {
	"男": "Male",
	"男性": "Male",
	"男孩": "Male",
	"m": "Male",
	"male": "Male",
	"女": "Female",
	"女性": "Female",
	"女孩": "Female",
	"f": "Female",
	"female": "Female",
}


def parse_gender(value) -> str | None:
	"""男/女 (男性, M, Male …) → "Male"/"Female"; None when blank.

	Raises:
	    RuleError(kind="bad_gender") for anything else.
	"""
	text = clean_text(value)
	if text is None:
		return None
	gender = GENDER_WORDS.get(text.lower())
	if gender is None:
		raise rules.RuleError("bad_gender", _("Gender {0} is not known: write 男 or 女."), text)
	return gender


YES_WORDS = {"是", "有", "√", "✓", "y", "yes", "1", "true", "是的"}
NO_WORDS = {"否", "无", "没有", "×", "x", "n", "no", "0", "false", "不是", "/", "-"}


def parse_yes_no(value) -> bool | None:
	"""是/否 (有/无, √/×, Y/N, 1/0) → True/False; None when blank.

	Raises:
	    RuleError(kind="bad_yes_no") for anything else.
	"""
	text = clean_text(value)
	if text is None:
		return None
	lowered = text.lower()
	if lowered in YES_WORDS:
		return True
	if lowered in NO_WORDS:
		return False
	raise rules.RuleError("bad_yes_no", _("{0} is not 是 or 否."), text)


# Provinces and their short forms, to tell "in province" from "out of province".
PROVINCES = (
	("北京市", "北京"),
	("天津市", "天津"),
	("河北省", "河北"),
	("山西省", "山西"),
	("内蒙古自治区", "内蒙古"),
	("辽宁省", "辽宁"),
	("吉林省", "吉林"),
	("黑龙江省", "黑龙江"),
	("上海市", "上海"),
	("江苏省", "江苏"),
	("浙江省", "浙江"),
	("安徽省", "安徽"),
	("福建省", "福建"),
	("江西省", "江西"),
	("山东省", "山东"),
	("河南省", "河南"),
	("湖北省", "湖北"),
	("湖南省", "湖南"),
	("广东省", "广东"),
	("广西壮族自治区", "广西"),
	("海南省", "海南"),
	("重庆市", "重庆"),
	("四川省", "四川"),
	("贵州省", "贵州"),
	("云南省", "云南"),
	("西藏自治区", "西藏"),
	("陕西省", "陕西"),
	("甘肃省", "甘肃"),
	("青海省", "青海"),
	("宁夏回族自治区", "宁夏"),
	("新疆维吾尔自治区", "新疆"),
	("台湾省", "台湾"),
	("香港特别行政区", "香港"),
	("澳门特别行政区", "澳门"),
)
# GB/T 2260 province codes (first two digits of an address code) → short name.
PROVINCE_CODES = {
	"11": "北京",
	"12": "天津",
	"13": "河北",
	"14": "山西",
	"15": "内蒙古",
	"21": "辽宁",
	"22": "吉林",
	"23": "黑龙江",
	"31": "上海",
	"32": "江苏",
	"33": "浙江",
	"34": "安徽",
	"35": "福建",
	"36": "江西",
	"37": "山东",
	"41": "河南",
	"42": "湖北",
	"43": "湖南",
	"44": "广东",
	"45": "广西",
	"46": "海南",
	"50": "重庆",
	"51": "四川",
	"52": "贵州",
	"53": "云南",
	"54": "西藏",
	"61": "陕西",
	"62": "甘肃",
	"63": "青海",
	"64": "宁夏",
	"65": "新疆",
	"71": "台湾",
	"81": "香港",
	"82": "澳门",
}


def province_of(place: str | None) -> str | None:
	"""The short province name a place starts with (``广东省东莞市`` → ``广东``), or None."""
	if not place:
		return None
	for full, short in PROVINCES:
		if place.startswith(full) or place.startswith(short):
			return short
	return None


AT_HOME_WORDS = ("在家", "在家务农", "在家照顾", "本地", "务农", "居家", "在本地", "在村", "未外出", "无外出")
DECEASED_WORDS = ("已故", "去世", "已去世", "死亡", "已死亡", "病故", "过世", "亡故")
INCAPABLE_WORDS = ("服刑", "在押", "服刑中", "重病", "重残", "无监护能力", "丧失监护能力", "失去监护能力")
UNKNOWN_WORDS = ("不详", "失联", "下落不明", "未知", "不知道", "离家出走", "出走")
IN_PROVINCE_WORDS = ("省内", "省内务工", "本省", "县内", "市内", "县外省内")
OUT_OF_PROVINCE_WORDS = ("省外", "省外务工", "外省", "外出务工", "外出", "务工")

# What the export writes for each status when there is no destination to write.
STATUS_WORDS = {
	rules.ParentStatus.AT_HOME.value: "在家",
	rules.ParentStatus.DECEASED.value: "已故",
	rules.ParentStatus.INCAPABLE.value: "无监护能力",
	rules.ParentStatus.UNKNOWN.value: "不详",
	rules.ParentStatus.AWAY_IN_PROVINCE.value: "省内务工",
	rules.ParentStatus.AWAY_OUT_OF_PROVINCE.value: "省外务工",
}


def parent_status_from_place(
	place: str | None, away_since: datetime.date | None, home_province: str | None
) -> tuple[str | None, str | None]:
	"""A parent's status and destination from the 务工地 cell.

	Args:
	    place: the cell text (``在家``, ``广东省东莞市``, ``已故`` …), None when blank.
	    away_since: the 外出时间, None when blank.
	    home_province: the short name of the child's home province (``贵州``), or None.

	Returns:
	    (rules.ParentStatus value or None, destination or None). A blank place with a
	    departure date means away (out of province); blank both means not given (None).
	"""
	if not place:
		if away_since:
			return rules.ParentStatus.AWAY_OUT_OF_PROVINCE.value, None
		return None, None
	compact = re.sub(r"\s", "", place)
	if compact in AT_HOME_WORDS:
		return rules.ParentStatus.AT_HOME.value, None
	if compact in DECEASED_WORDS:
		return rules.ParentStatus.DECEASED.value, None
	if compact in INCAPABLE_WORDS:
		return rules.ParentStatus.INCAPABLE.value, None
	if compact in UNKNOWN_WORDS:
		return rules.ParentStatus.UNKNOWN.value, None
	if compact in IN_PROVINCE_WORDS:
		return rules.ParentStatus.AWAY_IN_PROVINCE.value, None
	if compact in OUT_OF_PROVINCE_WORDS:
		return rules.ParentStatus.AWAY_OUT_OF_PROVINCE.value, None
	province = province_of(compact)
	if province and home_province and province == home_province:
		return rules.ParentStatus.AWAY_IN_PROVINCE.value, place
	return rules.ParentStatus.AWAY_OUT_OF_PROVINCE.value, place


def place_for_export(status: str | None, destination: str | None) -> str | None:
	"""The 务工地 cell the export writes for a parent (the inverse of :func:`parent_status_from_place`)."""
	if not status:
		return destination or None
	if rules.ParentStatus(status).is_away and destination:
		return destination
	return STATUS_WORDS.get(status)


# Canonical words the export writes for each relationship (read back by rules.relationship_from_word).
RELATIONSHIP_EXPORT_WORDS = {
	rules.Relationship.FATHER: "父亲",
	rules.Relationship.MOTHER: "母亲",
	rules.Relationship.PATERNAL_GRANDFATHER: "祖父",
	rules.Relationship.PATERNAL_GRANDMOTHER: "祖母",
	rules.Relationship.MATERNAL_GRANDFATHER: "外祖父",
	rules.Relationship.MATERNAL_GRANDMOTHER: "外祖母",
	rules.Relationship.UNCLE: "叔叔",
	rules.Relationship.AUNT: "姑姑",
	rules.Relationship.SIBLING: "哥哥",
	rules.Relationship.OTHER_RELATIVE: "其他亲属",
	rules.Relationship.NEIGHBOUR: "邻居",
	rules.Relationship.DESIGNATED: "村委会指定监护人",
	rules.Relationship.OTHER_NON_RELATIVE: "其他",
	rules.Relationship.NONE: "无",
}


def relationship_word(relationship: str | None, guardian_gender: str | None = None) -> str | None:
	"""The word the export writes for a relationship (an adult sibling: 哥哥 or 姐姐 by gender)."""
	if not relationship:
		return None
	value = rules.Relationship(relationship)
	if value == rules.Relationship.SIBLING and guardian_gender == "Female":
		return "姐姐"
	return RELATIONSHIP_EXPORT_WORDS[value]


# ------------------------------------------------------------------------------ rows


def home_province_of(identity: rules.IdentityInfo | None) -> str | None:
	"""The child's home province (short name) from the identity number's address code."""
	if identity is None:
		return None
	return PROVINCE_CODES.get(identity.region_code[:2])


def is_masked(value) -> bool:
	"""Whether a cell holds a masked number as the app exports it (``5203**********123X``,
	``138****5678``): digits around a run of asterisks."""
	text = clean_text(value)
	return bool(text) and bool(re.fullmatch(r"[0-9][0-9-]*\*{3,}[0-9]+[0-9Xx]?", text))


def normalize_row(raw: RawRow, home_province: str | None = None) -> LedgerRecord:
	"""Normalise one raw row, checking every column.

	Args:
	    raw: the row from :func:`left_behind_care.ledger.reader.iter_rows`.
	    home_province: the short name of the home province (for in/out of province);
	        None to take it from the child's identity number.

	Returns:
	    LedgerRecord.

	Raises:
	    RowError listing every problem found; its ``kind`` is the first problem's:
	    an identity-number kind (``id_as_number``, ``bad_checksum``, ``missing_id`` …
	    see rules.parse_id_number), then ``missing_name``, ``bad_gender``,
	    ``gender_mismatch``, ``bad_date``, ``birth_date_mismatch``, ``bad_relationship``,
	    ``bad_phone``, ``bad_yes_no``, in column order; ``bad_number`` for a cell holding
	    an infinite or not-a-number value.
	"""
	values = dict(raw.values)
	problems: list[RowProblem] = []
	for key, value in raw.values.items():
		# 1e999 in a cell reads as infinity: no date, phone or number can come of it
		if isinstance(value, float) and not math.isfinite(value):
			problems.append(
				RowProblem(
					"bad_number",
					key,
					_(
						"The cell holds a number Excel cannot show (infinite or not a number): type the value again."
					),
				)
			)
			values[key] = None

	def problem(error: rules.RuleError, column: str):
		problems.append(RowProblem(error.kind, column, error.template, tuple(error.params)))

	identity = None
	if is_masked(values.get("id_number")):
		problems.append(
			RowProblem(
				"masked_id",
				"id_number",
				_(
					"Identity number {0} is masked: the ledger was exported without the full numbers (the guardian has not consented to sharing, or the exporter may not see them). Import the ledger with the full numbers, or record the consent and export again."
				),
				(clean_text(values.get("id_number")),),
			)
		)
	else:
		try:
			identity = rules.parse_id_number(values.get("id_number"))
		except rules.RuleError as error:
			problem(error, "id_number")

	child_name = clean_name(values.get("child_name"))
	if not child_name:
		problems.append(RowProblem("missing_name", "child_name", _("The child's name is missing.")))
	elif re.search(r"[<>]", child_name):
		# markup in a name is never a name (and the desk would strip it to nothing). The
		# message names no "<…>": Frappe strips anything tag-like before it translates.
		problems.append(
			RowProblem(
				"bad_name",
				"child_name",
				_("The name {0} contains HTML markup (angle brackets): write the name only."),
				(child_name,),
			)
		)
		child_name = None

	gender = None
	try:
		gender = parse_gender(values.get("gender"))
	except rules.RuleError as error:
		problem(error, "gender")
	if identity and gender and gender != identity.gender:
		try:
			rules.check_identity_agrees(identity, None, gender)
		except rules.RuleError as error:
			problem(error, "gender")

	birth_date = None
	try:
		birth_date = rules.parse_ledger_date(values.get("birth_date"))
	except rules.RuleError as error:
		problem(error, "birth_date")
	if identity and birth_date and birth_date != identity.birth_date:
		try:
			rules.check_identity_agrees(identity, birth_date, None)
		except rules.RuleError as error:
			problem(error, "birth_date")

	province = home_province or home_province_of(identity)
	parents = {}
	for key in ("father", "mother"):
		since = None
		try:
			since = rules.parse_ledger_date(values.get(f"{key}_since"), allow_month=True)
		except rules.RuleError as error:
			problem(error, f"{key}_since")
		place = clean_text(values.get(f"{key}_place"))
		status, destination = parent_status_from_place(place, since, province)
		if status and not rules.ParentStatus(status).is_away:
			since = None
		parents[key] = ParentRecord(clean_name(values.get(f"{key}_name")), status, destination, since)

	relationship = None
	word = clean_text(values.get("guardian_relationship"))
	if word is not None:
		try:
			relationship = rules.relationship_from_word(word)
		except rules.RuleError as error:
			problem(error, "guardian_relationship")

	phones = {}
	for key in ("guardian_phone", "mentor_phone"):
		if is_masked(values.get(key)):
			problems.append(
				RowProblem(
					"masked_phone",
					key,
					_(
						"Phone {0} is masked: the ledger was exported without the full numbers. Import the ledger with the full numbers."
					),
					(clean_text(values.get(key)),),
				)
			)
			continue
		try:
			phones[key] = rules.normalize_phone(values.get(key)) or None
		except rules.RuleError as error:
			problem(error, key)

	flags = {}
	for key in ("low_income", "disabled"):
		try:
			flags[key] = parse_yes_no(values.get(key))
		except rules.RuleError as error:
			problem(error, key)

	if problems:
		raise RowError(problems)

	return LedgerRecord(
		sheet=raw.sheet,
		sheet_row=raw.sheet_row,
		ledger_row=raw.ledger_row,
		identity=identity,
		child_name=child_name,
		gender=gender or identity.gender,
		birth_date=birth_date or identity.birth_date,
		ethnicity=clean_text(values.get("ethnicity")),
		township=clean_name(values.get("township")),
		village=clean_name(values.get("village")),
		school=clean_text(values.get("school")),
		grade=clean_text(values.get("grade")),
		father=parents["father"],
		mother=parents["mother"],
		guardian_name=clean_name(values.get("guardian_name")),
		guardian_relationship=relationship,
		guardian_relationship_word=word,
		guardian_phone=phones.get("guardian_phone"),
		low_income=flags.get("low_income"),
		disabled=flags.get("disabled"),
		mentor_name=clean_name(values.get("mentor_name")),
		mentor_phone=phones.get("mentor_phone"),
		address=clean_text(values.get("address")),
		notes=clean_text(values.get("notes")),
	)


def check_age(record: LedgerRecord, on: datetime.date, age_limit: int) -> None:
	"""Refuse a person who is not a child on the ledger date (per the active definition).

	Args:
	    record: the normalised row.
	    on: the ledger date (填报日期), or today.
	    age_limit: the active definition's age limit (plan 3: 18).

	Raises:
	    RowError(kind="over_age") when aged ``age_limit`` or more on ``on``;
	    RowError(kind="born_after_ledger_date") when born after ``on``.
	"""
	age = rules.age_on(record.birth_date, on)
	column = "birth_date"
	if age >= age_limit:
		raise RowError(
			[
				RowProblem(
					"over_age",
					column,
					_("{0} is {1} years old on {2}: the ledger takes children younger than {3}."),
					(record.child_name, age, on.isoformat(), age_limit),
				)
			]
		)
	if age < 0:
		raise RowError(
			[
				RowProblem(
					"born_after_ledger_date",
					column,
					_("Birth date {0} is after the ledger date {1}."),
					(record.birth_date.isoformat(), on.isoformat()),
				)
			]
		)
