"""Temporaries read once are inlined into their reader (transpiler/opt/cleanup.py), found through
indexes of readers, writers and barriers: never past a statement that rebinds a name the value
reads, nor past a call statement, however far apart the two are."""
import ast

from transpiler.opt.cleanup import inline_temporaries


def inlined(code: str) -> str:
    return ast.unparse(ast.Module(body=inline_temporaries(ast.parse(code).body), type_ignores=[]))


FILLER = "".join(f"f{k} = h * {k}\n" for k in range(300))


def test_a_temporary_read_300_statements_later_moves_into_its_reader():
    out = inlined(f"_t1 = a - b\n{FILLER}d = _t1 ** 2")
    assert "_t1" not in out and out.endswith("d = (a - b) ** 2")


def test_a_temporary_stays_where_a_name_it_reads_is_rebound_before_its_reader():
    out = inlined(f"_t1 = a - b\n{FILLER}a = c\nd = _t1 ** 2")
    assert out.startswith("_t1 = a - b") and out.endswith("d = _t1 ** 2")


def test_a_temporary_stays_where_a_call_statement_comes_before_its_reader():
    out = inlined(f"_t1 = a - b\n{FILLER}record(h)\nd = _t1 ** 2")
    assert out.startswith("_t1 = a - b") and out.endswith("d = _t1 ** 2")


def test_a_chain_of_temporaries_folds_into_the_last_reader_in_order():
    out = inlined("_t1 = a - b\n_t2 = _t1 * c\nx = q\n_t3 = _t2 + x\nd = _t3 / 2")
    assert out == "x = q\nd = ((a - b) * c + x) / 2"
