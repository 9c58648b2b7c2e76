"""Every key the code asks t() for exists in Chinese and English, and every key of lib/i18n.py's table is used.

A key counts as used when it is a string constant somewhere in the app's code (a t() call, or a key kept in a table
or a dataclass field, as WriteAccess.reason is); a key built in an f-string (t(f"mx_sort_{s}"), STRINGS.get(f"fn_{kind}")) counts as used by
its prefix and suffix, and the categories and roles are resolved from lib.vocabulary.
"""

from __future__ import annotations

import ast
from pathlib import Path

from lib.i18n import STRINGS
from lib.vocabulary import CATEGORIES, ROLES

ROOT = Path(__file__).resolve().parent.parent
CODE = sorted({*ROOT.glob("lib/**/*.py"), *ROOT.glob("views/*.py"), ROOT / "app.py"})
# what takes a key as its first argument: t(), both() (a key in both languages), DocumentError.from_key, Term (a key
# put in a message's language)
KEY_TAKERS = {"t", "both", "from_key", "Term"}
VOCABULARIES = {"cat_": CATEGORIES, "role_": ROLES}  # keys made as f"{prefix}{value}" from the data's words


def _is_table(node: ast.AST) -> bool:
    """The STRINGS table itself (its keys are what is checked, not uses)."""
    return isinstance(node, ast.AnnAssign | ast.Assign) and "STRINGS" in ast.unparse(
        node.target if isinstance(node, ast.AnnAssign) else node.targets[0])


def _scan() -> tuple[set[str], set[str], set[tuple[str, str]]]:
    """(string constants, keys of literal t() calls, (prefix, suffix) of f-strings) in the app's code."""
    constants, called, built = set(), set(), set()
    for path in CODE:
        tree = ast.parse(path.read_text("utf-8"))
        skip = {id(n) for top in tree.body if _is_table(top) for n in ast.walk(top)}
        for node in ast.walk(tree):
            if id(node) in skip:
                continue
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                constants.add(node.value)
            if isinstance(node, ast.JoinedStr) and isinstance(node.values[0], ast.Constant):
                # a key made in an f-string, for t() or a look-up in STRINGS (lib.exports' file names)
                tail = node.values[-1]
                built.add((node.values[0].value,
                           tail.value if len(node.values) > 1 and isinstance(tail, ast.Constant) else ""))
            if (isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant)
                    and getattr(node.func, "id", getattr(node.func, "attr", None)) in KEY_TAKERS):
                called.add(node.args[0].value)
    return constants, called, built


def test_every_key_has_both_languages():
    assert [k for k, pair in STRINGS.items() if len(pair) != 2 or not (pair[0] and pair[1])] == []


def test_every_key_used_in_code_exists():
    from lib.sitemap import PAGES

    _, called, built = _scan()
    assert sorted(k for k in called if k not in STRINGS) == []
    assert [p.title_key for p in PAGES if p.title_key not in STRINGS] == []
    for prefix, values in VOCABULARIES.items():
        assert (prefix, "") in built  # still made this way
        assert [v for v in values if f"{prefix}{v}" not in STRINGS] == []


def test_no_key_is_unused():
    constants, _, built = _scan()

    def used(key: str) -> bool:
        if key in constants:
            return True
        return any(key.startswith(prefix) and key.endswith(suffix)
                   and (prefix not in VOCABULARIES or key[len(prefix):len(key) - len(suffix)] in VOCABULARIES[prefix])
                   for prefix, suffix in built if prefix)

    assert sorted(k for k in STRINGS if not used(k)) == []


def test_both_languages_of_a_key_take_the_same_fields():
    """A field one language drops (a file's name, the reason it failed) is a message that says less in that language."""
    import string

    def fields(text: str) -> set[str]:
        return {f for _, f, _, _ in string.Formatter().parse(text) if f}

    differ = {k: (sorted(fields(zh)), sorted(fields(en))) for k, (zh, en) in STRINGS.items() if fields(zh) != fields(en)}
    assert differ == {}
