"""PatternIndex: routing events to the keys of matching patterns."""

from __future__ import annotations

import pytest

from eventmock.services.events.patterns import PatternIndex, compile


def _index(**patterns: object) -> PatternIndex[str]:
    index: PatternIndex[str] = PatternIndex()
    for key, pattern in patterns.items():
        index.add(key, compile(pattern))  # type: ignore[arg-type]
    return index


def test_empty_index_matches_nothing() -> None:
    index: PatternIndex[str] = PatternIndex()
    assert len(index) == 0
    assert index.match({"source": "a"}) == []


def test_routes_by_source_and_keeps_insertion_order() -> None:
    index = _index(
        z={"source": ["a"]},
        y={"source": ["b"]},
        x={"detail": {"n": [{"numeric": [">", 1]}]}},  # no exact field: fallback
        w={"source": ["a", "b"], "detail-type": ["T"]},
    )
    assert index.match({"source": "a", "detail-type": "T", "detail": {"n": 5}}) == ["z", "x", "w"]
    assert index.match({"source": "b"}) == ["y"]
    assert index.match({"source": "c", "detail": {"n": 0}}) == []


def test_add_existing_key_replaces_and_keeps_position() -> None:
    index = _index(first={"source": ["a"]}, second={"source": ["a"]})
    index.add("first", compile({"source": ["b"]}))
    assert len(index) == 2
    assert index.match({"source": "a"}) == ["second"]
    index.add("first", compile({"source": ["a"]}))
    assert index.match({"source": "a"}) == ["first", "second"]


def test_remove() -> None:
    index = _index(a={"source": ["s"]}, b={"detail": {"x": [{"prefix": "p"}]}})
    index.remove("a")
    index.remove("b")
    assert len(index) == 0
    assert index.match({"source": "s", "detail": {"x": "pq"}}) == []
    with pytest.raises(KeyError):
        index.remove("a")


def test_removed_key_can_be_added_again_at_the_end() -> None:
    index = _index(a={"source": ["s"]}, b={"source": ["s"]})
    index.remove("a")
    index.add("a", compile({"source": ["s"]}))
    assert index.match({"source": "s"}) == ["b", "a"]


def test_or_branches_on_different_fields() -> None:
    index = _index(r={"$or": [{"source": ["a"]}, {"detail-type": ["T"]}]})
    assert index.match({"source": "a"}) == ["r"]
    assert index.match({"source": "z", "detail-type": "T"}) == ["r"]
    assert index.match({"source": "z"}) == []


def test_or_branch_without_exact_field_falls_back() -> None:
    index = _index(r={"$or": [{"source": ["a"]}, {"detail-type": [{"prefix": "T"}]}]})
    assert index.match({"detail-type": "Tx"}) == ["r"]


def test_nested_field_through_arrays_and_dotted_keys() -> None:
    index = _index(r={"detail": {"items": {"sku": ["X1"]}}})
    assert index.match({"detail": {"items": [{"sku": "A"}, {"sku": "X1"}]}}) == ["r"]
    assert index.match({"detail.items": [{"sku": "X1"}]}) == ["r"]
    assert index.match({"detail": {"items.sku": "X1"}}) == ["r"]
    assert index.match({"detail": {"items": [{"sku": "A"}]}}) == []


def test_numbers_and_booleans_route_apart() -> None:
    index = _index(one={"v": [1]}, true={"v": [True]}, null={"v": [None]})
    assert index.match({"v": 1.0}) == ["one"]
    assert index.match({"v": True}) == ["true"]
    assert index.match({"v": None}) == ["null"]
    assert index.match({"v": "1"}) == []


def test_full_pattern_still_applies_after_routing() -> None:
    index = _index(r={"source": ["a"], "detail": {"state": ["on"]}})
    assert index.match({"source": "a", "detail": {"state": "off"}}) == []
    assert index.match({"source": "a", "detail": {"state": "on"}}) == ["r"]


def test_exists_false_alternative_falls_back() -> None:
    index = _index(r={"source": ["a", {"exists": False}]})
    assert index.match({}) == ["r"]
    assert index.match({"source": "a"}) == ["r"]
    assert index.match({"source": "b"}) == []


def test_generic_keys() -> None:
    index: PatternIndex[tuple[str, int]] = PatternIndex()
    index.add(("bus", 1), compile({"source": ["a"]}))
    assert index.match({"source": "a"}) == [("bus", 1)]


def test_event_must_be_a_dict() -> None:
    with pytest.raises(TypeError):
        _index(r={"source": ["a"]}).match("a")  # type: ignore[arg-type]
