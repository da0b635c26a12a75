"""Compiled patterns and the walk that matches them against events.

Each branch of a pattern (see :mod:`.parse`) becomes a tree of :class:`Node`
objects that mirrors the pattern's nesting.  Matching walks the event's dicts
directly with ``dict.get`` — no flattening, no re-parsing — and only leaf
values reach the compiled leaf tests.

Array semantics follow event-ruler's array-consistent matching
(``rulesForJSONEvent``): conditions that sit under the same event array must be
satisfied by the *same* element.  The walk gets this for free: when an event
array is met at a node, the whole sub-tree is tried against one element at a
time.  ``{"exists": false}`` does not pick an element; it requires the field
to be absent from every element not already fixed by the positive conditions
around it ("positive conditions first", see docs/eventbridge-patterns.md).

Dotted keys: ruler flattens event and pattern keys into dot-joined names, so an
event key ``"a.b"`` also answers the pattern path ``a -> b``.  Each node knows
the dotted spellings of the paths below it; if the event uses one, the walk
aborts and restarts on a copy of the event whose dotted keys are expanded into
nested objects.  Events without such keys never pay for this.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, Final

from .dialect import EVENTBRIDGE, Dialect
from .errors import InvalidEventPattern, invalid
from .leaves import Leaf, Test
from .located import diagnose
from .parse import MAX_BRANCHES, MAX_PATTERN_LENGTH, Branch, Path, decode, pattern_text, validate
from .wildcard import MAX_COMPLEXITY, Tokens, complexity

_MISSING: Final = object()

# Fields preferred as routing keys: present in nearly every rule and selective.
_PREFERRED_INDEX_PATHS: Final[dict[Path, int]] = {("source",): 0, ("detail-type",): 1}


class _DottedKeys(Exception):
    """The event spells a pattern path with literal dots; expand and retry."""


class Node:
    """One object level of a branch, its keys grouped by what they carry.

    * ``leaves``: key and test of a leaf with positive alternatives;
    * ``absent``: keys whose leaf is only ``{"exists": false}``;
    * ``subs``: key and node of a nested pattern object;
    * ``both``: a key that is a leaf *and* has nested keys (rare): its leaf
      test (None if only ``exists: false``) and its node.

    ``positive`` is True when something at or below this level requires a
    value to be present; it decides between "some element" and "every
    element" when the level meets an event array.  ``dotted`` lists the
    dot-joined spellings of the deeper paths (see module docstring).
    """

    __slots__ = ("dotted", "leaves", "absent", "subs", "both", "positive")

    def __init__(
        self,
        dotted: tuple[str, ...],
        leaves: tuple[tuple[str, Test], ...],
        absent: tuple[str, ...],
        subs: tuple[tuple[str, Node], ...],
        both: tuple[tuple[str, Test | None, Node], ...],
    ) -> None:
        self.dotted = dotted
        self.leaves = leaves
        self.absent = absent
        self.subs = subs
        self.both = both
        self.positive: bool = bool(
            leaves
            or any(sub.positive for _, sub in subs)
            or any(test is not None or sub.positive for _, test, sub in both)
        )


class Matcher:
    """A compiled event pattern; build with :func:`compile`."""

    __slots__ = ("_roots", "_index_hints")

    def __init__(
        self,
        roots: tuple[Node, ...],
        index_hints: tuple[tuple[Path, frozenset[Any]], ...] | None,
    ) -> None:
        self._roots = roots
        # (path, exact values) pairs: a matching event holds one of the values
        # at one of the paths.  None when some branch has no exact-valued
        # field (PatternIndex then evaluates this matcher for every event).
        self._index_hints = index_hints

    def matches(self, event: dict[str, Any]) -> bool:
        """True when ``event`` (a dict decoded from JSON) matches the pattern."""
        if not isinstance(event, dict):
            raise TypeError(f"event must be a dict, not {type(event).__name__}")
        try:
            for root in self._roots:
                if _match_node(root, event):
                    return True
            return False
        except _DottedKeys:
            return self._match_expanded(_expand_dotted_keys(event))

    def _matches_shared(self, event: dict[str, Any], expanded: list[dict[str, Any]]) -> bool:
        """:meth:`matches` for PatternIndex: the dotted-key expansion of
        ``event`` is computed at most once per routed event and kept in
        ``expanded``."""
        try:
            for root in self._roots:
                if _match_node(root, event):
                    return True
            return False
        except _DottedKeys:
            if not expanded:
                expanded.append(_expand_dotted_keys(event))
            return self._match_expanded(expanded[0])

    def _match_expanded(self, event: dict[str, Any]) -> bool:
        return any(_match_node(root, event) for root in self._roots)


def compile(  # shadows the builtin on purpose: the name the backend codes against
    pattern: str | Mapping[str, Any], *, max_length: int | None = MAX_PATTERN_LENGTH, dialect: Dialect = EVENTBRIDGE
) -> Matcher:
    """Validate and compile an event pattern.

    ``pattern`` is the JSON text PutRule receives, or an already-decoded
    mapping.  ``max_length`` is EventBridge's "Event pattern size" quota
    (2,048 characters by default, adjustable per account); pass None to skip
    it.  The empty pattern ``{}`` is rejected ("Empty objects are not
    allowed"), as EventBridge's compiler does.

    ``dialect``: the language's variant (:mod:`.dialect`; SNS filter policies).

    Raises :class:`~.errors.InvalidEventPattern` with AWS's reason text and,
    in its message, Jackson's location (:mod:`.located`).
    """
    text = pattern_text(pattern)
    if max_length is not None and len(text) > max_length:
        raise invalid("too_long", limit=max_length)
    try:
        branches = _validated(decode(text), dialect)
    except (ValueError, RecursionError):  # InvalidEventPattern included
        # Rejected: work out what (and where) Jackson and ruler report.
        found = diagnose(text, lambda document, root: _validated(document, dialect, root))
        if isinstance(found, InvalidEventPattern):
            raise found from None
        branches = _validated(found, dialect)  # JSON that Jackson reads (trailing text)
    branches = _split_mixed_leaves(branches)
    return Matcher(
        roots=tuple(_build_tree(branch) for branch in branches),
        index_hints=_index_hints(branches),
    )


def _validated(document: Any, dialect: Dialect, root: int = 0) -> list[Branch]:
    branches = validate(document, dialect, root)
    _check_wildcard_complexity(branches)
    return branches


# ---------------------------------------------------------------------------
# matching
# ---------------------------------------------------------------------------


def _match_node(node: Node, obj: dict[str, Any]) -> bool:
    for spelling in node.dotted:
        if spelling in obj:
            raise _DottedKeys
    get = obj.get
    for key, test in node.leaves:
        value = get(key, _MISSING)
        cls = value.__class__
        if cls is list:
            if not _any_scalar(test, value):
                return False
        elif cls is dict or value is _MISSING or not test(value):
            return False
    for key in node.absent:
        value = get(key, _MISSING)
        cls = value.__class__
        if cls is list:
            if _has_scalar(value):
                return False
        elif cls is not dict and value is not _MISSING:
            return False
    for key, sub in node.subs:
        value = get(key, _MISSING)
        cls = value.__class__
        if cls is dict:
            if not _match_node(sub, value):
                return False
        elif cls is list:
            if not _match_elements(sub, value):
                return False
        elif sub.positive:
            return False
    for key, leaf_test, sub in node.both:
        if not _match_both(leaf_test, sub, get(key, _MISSING)):
            return False
    return True


def _any_scalar(test: Test, values: list[Any]) -> bool:
    """Some scalar in an event array (nested arrays flattened) passes ``test``."""
    for item in values:
        cls = item.__class__
        if cls is list:
            if _any_scalar(test, item):
                return True
        elif cls is not dict and test(item):
            return True
    return False


def _has_scalar(values: list[Any]) -> bool:
    """The array holds a leaf value, i.e. the field is present as a leaf."""
    for item in values:
        cls = item.__class__
        if cls is list:
            if _has_scalar(item):
                return True
        elif cls is not dict:
            return True
    return False


def _match_elements(sub: Node, values: list[Any]) -> bool:
    """A nested pattern object against an event array.

    Positive sub-trees need one element that satisfies all of them (array
    consistency); absence-only sub-trees need every element to satisfy them.
    Scalar elements carry no fields, so they satisfy absence and fail presence.
    """
    if sub.positive:
        for item in values:
            cls = item.__class__
            if cls is dict:
                if _match_node(sub, item):
                    return True
            elif cls is list and _match_elements(sub, item):
                return True
        return False
    for item in values:
        cls = item.__class__
        if cls is dict:
            if not _match_node(sub, item):
                return False
        elif cls is list and not _match_elements(sub, item):
            return False
    return True


def _match_both(test: Test | None, sub: Node, value: Any) -> bool:
    """A path that is both a leaf and a prefix of deeper paths.

    In one array element the value is either a leaf or an object, never both,
    so a positive leaf and a positive sub-tree can only be satisfied by
    different elements — which array consistency forbids, as in ruler.
    """

    def element_matches(item: Any) -> bool:
        if item.__class__ is dict:
            return test is None and _match_node(sub, item)
        return test is not None and test(item) and not sub.positive

    positive = test is not None or sub.positive
    if value is _MISSING:
        return not positive
    items = _flatten(value) if value.__class__ is list else iter((value,))
    if positive:
        return any(element_matches(item) for item in items)
    return all(element_matches(item) for item in items)


def _flatten(values: list[Any]) -> Iterator[Any]:
    for item in values:
        if item.__class__ is list:
            yield from _flatten(item)
        else:
            yield item


def _expand_dotted_keys(value: Any) -> Any:
    """Copy of an event with every dotted key expanded into nested objects.

    Where an expanded key meets an existing one, objects are merged and
    anything else is combined into an array — the closest nested form of
    ruler's flattened view (documented as best effort for such collisions).
    """
    cls = value.__class__
    if cls is list:
        return [_expand_dotted_keys(item) for item in value]
    if cls is not dict:
        return value
    out: dict[str, Any] = {}
    for key, raw in value.items():
        item = _expand_dotted_keys(raw)
        *parents, last = key.split(".")
        target = out
        for segment in parents:
            existing = target.get(segment, _MISSING)
            if existing.__class__ is dict:
                target = existing
                continue
            fresh: dict[str, Any] = {}
            target[segment] = fresh if existing is _MISSING else _combine(existing, fresh)
            target = fresh
        _merge(target, last, item)
    return out


def _merge(target: dict[str, Any], key: str, item: Any) -> None:
    existing = target.get(key, _MISSING)
    if existing is _MISSING:
        target[key] = item
    elif existing.__class__ is dict and item.__class__ is dict:
        for sub_key, sub_item in item.items():
            _merge(existing, sub_key, sub_item)
    else:
        target[key] = _combine(existing, item)


def _combine(first: Any, second: Any) -> list[Any]:
    head = first if first.__class__ is list else [first]
    tail = second if second.__class__ is list else [second]
    return [*head, *tail]


# ---------------------------------------------------------------------------
# compilation
# ---------------------------------------------------------------------------


def _split_mixed_leaves(branches: list[Branch]) -> list[Branch]:
    """Turn a leaf with both positive alternatives and ``exists: false`` into
    two branches, one per kind: the positive kind fixes an array element and
    the absent kind does not, so they cannot be evaluated as one condition."""
    out: list[Branch] = []
    for branch in branches:
        variants: list[Branch] = [branch]
        for path, leaf in branch.items():
            if leaf.test is None or not leaf.absent:
                continue
            present = Leaf(leaf.test, False, leaf.exact_keys, leaf.wildcards)
            absent = Leaf(None, True, None, ())
            variants = [
                {**variant, path: part} for variant in variants for part in (present, absent)
            ]
        out.extend(variants)
        if len(out) > MAX_BRANCHES:
            raise invalid("too_many_alternatives", limit=MAX_BRANCHES)
    return out


def _check_wildcard_complexity(branches: list[Branch]) -> None:
    """Ruler builds one automaton per field for the whole rule, so all the
    distinct wildcards a field gets across branches are assessed together."""
    per_path: dict[Path, set[Tokens]] = {}
    for branch in branches:
        for path, leaf in branch.items():
            if leaf.wildcards:
                per_path.setdefault(path, set()).update(leaf.wildcards)
    for wildcards in per_path.values():
        if complexity(sorted(wildcards, key=repr)) > MAX_COMPLEXITY:
            raise invalid("wildcard_too_complex")


class _Draft:
    __slots__ = ("leaf", "children")

    def __init__(self) -> None:
        self.leaf: Leaf | None = None
        self.children: dict[str, _Draft] = {}


def _build_tree(branch: Branch) -> Node:
    root = _Draft()
    for path, leaf in branch.items():
        draft = root
        for segment in path:
            draft = draft.children.setdefault(segment, _Draft())
        draft.leaf = leaf
    return _freeze(root.children)


def _freeze(children: dict[str, _Draft]) -> Node:
    leaves: list[tuple[str, Test]] = []
    absent: list[str] = []
    subs: list[tuple[str, Node]] = []
    both: list[tuple[str, Test | None, Node]] = []
    for key, draft in children.items():
        leaf = draft.leaf
        if not draft.children:
            assert leaf is not None  # a draft without children was created for a leaf
            if leaf.test is None:
                absent.append(key)
            else:
                leaves.append((key, leaf.test))
        elif leaf is None:
            subs.append((key, _freeze(draft.children)))
        else:
            both.append((key, leaf.test, _freeze(draft.children)))
    # The dotted spellings of the deeper paths (a node of leaves only has none).
    dotted = (
        sorted({".".join(path[:n]) for path in _leaf_paths(children) for n in range(2, len(path) + 1)})
        if subs or both
        else ()
    )
    return Node(tuple(dotted), tuple(leaves), tuple(absent), tuple(subs), tuple(both))


def _leaf_paths(children: dict[str, _Draft]) -> Iterator[Path]:
    for key, draft in children.items():
        if draft.leaf is not None:
            yield (key,)
        for rest in _leaf_paths(draft.children):
            yield (key, *rest)


def _index_hints(branches: list[Branch]) -> tuple[tuple[Path, frozenset[Any]], ...] | None:
    """Pick, per branch, an exact-valued field for PatternIndex to route on.

    Branches that pick the same path are merged (the event needs one of the
    values of any branch), so each path appears once.
    """
    hints: dict[Path, frozenset[Any]] = {}
    for branch in branches:
        candidates = [
            (path, leaf.exact_keys)
            for path, leaf in branch.items()
            if leaf.exact_keys is not None
        ]
        if not candidates:
            return None
        path, values = min(
            candidates,
            key=lambda c: (_PREFERRED_INDEX_PATHS.get(c[0], 2), len(c[0]), len(c[1])),
        )
        hints[path] = hints.get(path, frozenset()) | values
    return tuple(hints.items())
