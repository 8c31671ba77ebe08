"""The project's number and date formats (settings.FORMAT_MODULE_PATH), the same in both languages: thousands
separated by commas and a point for decimals (Django's zh-Hans formats group nothing), and dates as
2020-05-08. They apply wherever a page formats through Django (`floatformat:"2g"`, `intcomma`, `|date`,
`{{ a_date }}`); money is `|money` of `fupin.core.templatetags.display` (docs/display.md)."""
