from fupin.core.regioncodes import code_range, level_of, minimal_prefixes, significant_prefix


def test_level_and_prefix_are_read_from_the_code():
    assert level_of("440700000000") == 2
    assert significant_prefix("440703101000") == "440703101"
    assert significant_prefix("440703101201") == "440703101201"


def test_a_prefix_covers_its_whole_subtree_as_a_range():
    low, high = code_range("440703")
    assert low <= "440703101201" <= high
    assert not (low <= "440704001001" <= high)


def test_nested_prefixes_collapse_to_the_widest():
    assert minimal_prefixes(["440703101", "4407", "451425"]) == ["4407", "451425"]
