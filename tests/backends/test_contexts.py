"""``enter_context(m) ... exit_context()`` pairs printed as the ``with`` blocks they stand for
(backends/contexts.py)."""
import ast

from transpiler.backends.contexts import with_blocks


def blocks(source: str) -> str:
    module = ast.Module(body=with_blocks(ast.parse(source).body), type_ignores=[])
    return ast.unparse(ast.fix_missing_locations(module))


def test_a_pair_becomes_a_with_block_nested_pairs_nest_and_loops_are_entered():
    out = blocks("enter_context(np.errstate(all='ignore'))\n"
                 "y = np.log(x)\n"
                 "enter_context(m())\nz = y\nexit_context()\n"
                 "exit_context()\n"
                 "for i in range(3):\n    enter_context(m())\n    w = i\n    exit_context()\n")
    assert out == ("with np.errstate(all='ignore'):\n    y = np.log(x)\n    with m():\n        z = y\n"
                   "for i in range(3):\n    with m():\n        w = i")


def test_an_empty_pair_is_dropped_and_blocks_in_a_row_in_the_same_context_are_one():
    out = blocks("enter_context(m(1))\nexit_context()\nenter_context(m(1))\na = 1\nexit_context()\n"
                 "enter_context(m(1))\nb = 2\nexit_context()\nenter_context(m(2))\nc = 3\nexit_context()\n")
    assert out == "with m(1):\n    a = 1\n    b = 2\nwith m(2):\n    c = 3"


def test_an_unmatched_entry_stays_a_call_of_the_runtime_helper():
    assert blocks("enter_context(m())\na = 1\n") == "enter_context(m())\na = 1"
