from django.utils import translation

from fupin.core.text import join_list


def test_lists_use_the_separator_of_the_language():
    with translation.override("zh-hans"):
        assert join_list(["饮水安全", "住房安全"]) == "饮水安全、住房安全"
    with translation.override("en"):
        assert join_list(["water", "housing"]) == "water, housing"
