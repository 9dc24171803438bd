"""Def-use over the structured IR: the statements binding each value and those reading it."""
from hand_built import Const, Copy, If, Loop, add, c, function, i, less, m, mul, s, x, y, z

from transpiler.analysis import facts
from transpiler.ir import RETURN, def_use, defines


def test_an_assignment_is_the_one_definition_of_its_target_and_its_reads_are_uses():
    first, second = mul(y, x, x), add(z, y, x)
    chains = def_use(function([first, second], z))
    assert chains.definition(y) is first and chains.definition(z) is second
    assert chains.uses[x] == [first, second]        # `x * x` reads x once
    assert chains.uses[y] == [second]
    assert chains.uses[z] == [RETURN]


def test_parameters_have_no_defining_statement_and_unread_values_no_uses():
    chains = def_use(function([mul(y, x, x)], x))
    assert chains.definition(x) is None
    assert not chains.used(y) and chains.used(x)


def test_a_merge_variable_is_defined_by_the_copies_in_both_branches():
    then_copy, else_copy = Copy(m, y), Copy(m, x)
    branch = If(c, [mul(y, x, x), then_copy], [else_copy])
    chains = def_use(function([less(c, x, Const(0)), branch], m))
    assert chains.definitions[m] == [then_copy, else_copy]
    assert chains.definition(m) is None             # several copies: a phi, not one definition
    assert chains.uses[c] == [branch]               # an If reads its test


def test_a_loop_counter_and_a_carried_value_are_defined_where_they_are_bound():
    initial, update, step = Copy(s, Const(0.0)), Copy(s, y, carry=True), add(y, s, i)
    loop = Loop("for", i, (Const(3),), [], None, [s], [step, update])
    chains = def_use(function([initial, loop], s))
    assert chains.definition(i) is loop
    assert chains.definitions[s] == [initial, update]
    assert chains.uses[s] == [step, RETURN]


def test_defines_names_what_a_statement_binds_itself_and_facts_uses_the_same_function():
    loop = Loop("for", i, (Const(3),), [], None, [], [mul(y, x, i)])
    assert defines(mul(y, x, x)) == {y} and defines(Copy(m, x)) == {m}
    assert defines(loop) == {i}                     # not the y bound inside it
    assert defines(If(c, [Copy(m, x)], [Copy(m, y)])) == set()
    assert facts.defines is defines
