"""Packaging for left_behind_care (a Frappe app; installed with `bench get-app`)."""

import re
from pathlib import Path

from setuptools import find_packages, setup

HERE = Path(__file__).parent
VERSION = re.search(
	r'^__version__\s*=\s*"([^"]+)"', (HERE / "left_behind_care" / "__init__.py").read_text(), re.M
).group(1)

setup(
	name="left_behind_care",
	version=VERSION,
	description="Care and protection of rural left-behind children (留守儿童关爱保护), for Frappe",
	long_description=(HERE / "README.md").read_text(encoding="utf-8"),
	long_description_content_type="text/markdown",
	author="left_behind_care developers",
	license="MIT",
	packages=find_packages(exclude=["tests", "tests.*"]),
	include_package_data=True,
	zip_safe=False,
	python_requires=">=3.10",
	install_requires=[
		"openpyxl>=3.1",
		"olefile>=0.46",
		"python-stdnum>=1.19",
		"phonenumbers>=8.13",
		"pypinyin>=0.50",
		"Faker>=19",
		"python-dateutil>=2.8",
	],
	extras_require={"test": ["pytest>=7", "ruff==0.17.6"]},
)
