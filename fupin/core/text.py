"""Small text helpers shared by pages, messages and exports."""

from django.utils.translation import pgettext


def join_list(items) -> str:
    """Items joined with the language's list separator: 甲、乙、丙 in Chinese, "a, b, c" in English."""
    return pgettext("list separator", "、").join(str(item) for item in items)
