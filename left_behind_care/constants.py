"""The app's names, in one place: its module, DocTypes, roles and area tiers.

Every other module imports these (often under the short name it has always used:
``AREA``, ``VILLAGE_TIER`` …) instead of writing the string again. The values are the
English names stored in the database; the desk shows them translated (locale/zh.po).
"""

from __future__ import annotations

APP_NAME = "left_behind_care"
APP_MODULE = "Left Behind Care"

# DocTypes named across the app
AREA_DOCTYPE = "Administrative Area"
SETTINGS_DOCTYPE = "Left Behind Care Settings"

# Roles (plan 3 §三: who does what at each tier); their descriptions are in install.ROLES
MANAGER_ROLE = "Left Behind Care Manager"
VILLAGE_ROLE = "Village Child Director"
MENTOR_ROLE = "School Mentor"
TOWNSHIP_ROLE = "Township Officer"
COUNTY_ROLE = "County Officer"
CITY_ROLE = "City Officer"
POLICE_ROLE = "Police Liaison"
LBC_ROLES = (MANAGER_ROLE, VILLAGE_ROLE, MENTOR_ROLE, TOWNSHIP_ROLE, COUNTY_ROLE, CITY_ROLE, POLICE_ROLE)

# Tiers of the Administrative Area tree, top down (its Select field's options)
CITY = "City"
COUNTY = "County/District"
TOWNSHIP = "Township/Street"
VILLAGE = "Village/Community"
TIERS = (CITY, COUNTY, TOWNSHIP, VILLAGE)
