"""Framework-free tests of the pinyin search keys (left_behind_care.pinyin)."""

import pytest

from left_behind_care import pinyin as P


@pytest.mark.parametrize(
	("name", "full", "initials"),
	[
		("张三", "zhangsan", "zs"),
		("欧阳娜娜", "ouyangnana", "oynn"),
		# a surname read differently from the character elsewhere: both kept, surname first
		("单雄信", "shanxiongxin danxiongxin", "sxx dxx"),
		("曾小贤", "zengxiaoxian cengxiaoxian", "zxx cxx"),
		# ü typed as v (IME convention) and as u
		("吕布", "lvbu lubu", "lb"),
		# spaces, the middle dot of minority names, full-width letters, digits
		("李 明", "liming", "lm"),
		("阿依古丽·买买提", "ayigulimaimaiti", "ayglmmt"),
		("Tom张", "tomzhang", "tz"),
		("ＬＩ四", "lisi", "ls"),
		("张三2", "zhangsan2", "zs2"),
		("", "", ""),
		(None, "", ""),
		("·—", "", ""),
	],
)
def test_name_search_keys(name, full, initials):
	assert P.name_search_keys(name) == (full, initials)


def test_keys_fit_a_data_field():
	# one variant longer than the field: cut to a prefix, which still finds the name
	full, initials = P.name_search_keys("张" * 40)
	assert full == ("zhang" * 40)[: P.MAX_KEY_LENGTH]
	assert initials == "z" * 40
	# a second variant that does not fit whole is left out, never cut
	full, initials = P.name_search_keys("单" + "张" * 20)
	assert full == "shan" + "zhang" * 20
	assert initials == "s" + "z" * 20 + " d" + "z" * 20


def test_every_surname_reading_differs_from_the_ordinary_one():
	from pypinyin import lazy_pinyin

	for surname, reading in P.SURNAME_READINGS.items():
		assert len(surname) == 1
		assert list(reading) != lazy_pinyin(surname), surname


@pytest.mark.parametrize(
	("query", "found"),
	[
		("张三", True),
		("张", True),
		("zhangsan", True),
		("ZhangSan", True),
		("zhang", True),
		("zs", True),
		("ZS", True),
		("  zs ", True),
		("ls", False),
		("lisi", False),
		("李", False),
	],
)
def test_matches(query, found):
	assert P.matches("张三", query) is found
