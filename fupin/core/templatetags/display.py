"""Template filters that show values the project's one way (fupin/core/display.py, docs/display.md)."""

from django import template

from fupin.core import display

register = template.Library()

# {{ amount|money }} → 19,100,000.00
register.filter("money", display.money)
# {{ households|count }} → 13,207
register.filter("count", display.count)
# {{ item.region_code|region }} → 棠下镇, with the code on hover.
register.filter("region", display.region_html)
# {{ code|region_name }} → 棠下镇 as plain text (attributes, option labels).
register.filter("region_name", display.region_name)
# {{ measure.title|data }}: a text of shipped reference data (the plan fixture) in the page's language, when
# the catalogue has it (fupin/plan/fixture_strings.py); otherwise as stored.
register.filter("data", display.data_text)
