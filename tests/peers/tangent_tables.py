"""Google Tangent's checks of scalar Python (tests/functions.py: straight-line code, rebinding,
``if``/``elif`` chains, ``for`` loops over ``range``, a ``while`` loop, calls of helpers, a nested
``def``, ``**``, lists of numbers, NumPy's elementwise functions), as entries for probe.py.

Tangent's conftest.py runs every function of functions.py whose parameters are ``(a)``,
``(a, b)``, ``(a, b, c)`` or ``(a, n)`` through the tests its signature selects:
test_reverse_mode.py's ``test_grad_*`` (a gradient with respect to the first argument),
test_forward_mode.py's ``test_deriv_*`` (forward mode, first argument) and, for ``(a)``,
``(a, b)`` and ``(a, b, c)``, test_reverse_over_reverse.py (a second derivative, first argument:
our order 2, whose ``rev2`` is ``hvp`` and whose ``fwd2``, ``hessian(mode="forward")``, Tangent
does not check). ``a`` takes conftest's ten values, ``b`` and ``c`` three of them (Tangent takes
all ten), ``n`` 1, 2 and 3. Functions conftest blacklists (Tangent skips them: a list
comprehension over a number, ``np.arctan(b, a)`` that meant ``arctan2``, a nested ``def``, a tuple
returned) are in BLACKLISTED with the modes their signature would select, in the spelling
Tangent's comments say was meant.

Each entry is named after the Tangent function it mirrors; the functions are ours, written in
our spelling of the same construct (no code of Tangent's). Skipped: the 35 TensorFlow-only
functions (``tfe_*``, ``_trace_mul``, ``_nontrace_mul``, test_hessian_vector_products.py's
``tf_straightline``) and the 4 that call Tangent's own API (``inlining_contextmanager``'s
``insert_grad_of``; ``stack_pushing``, ``useless_stack_ops``, ``redefining_var_as_list``'s
``tangent.Stack``/``push``/``pop``). Arrays, containers and the Hessian-vector products are
in tangent_array_tables.py."""
from __future__ import annotations

import numpy as np

from probe import Entry

A = [-2.0, -1.5, -1.0, -0.5, -0.1, 0.1, 0.5, 1.0, 1.5, 2.0]      # conftest's scalars
B = [-1.25, 0.75, 1.75]                                             # between conftest's: b never ties a
N = [1, 2, 3]
INSIDE_ONE = [-0.5, -0.1, 0.1, 0.5]                                  # arccos, arcsin: their domain


# -- straight-line code and rebinding ---------------------------------------------------------
def identity(a):
    return a


def negated(a):
    return -a


def copied_name(a):
    alias = a
    return alias


def plus_one(a):
    return a + 1


def scaled_plus(a, b, c):
    return a * b + c


def times(a, b):
    return a * b


def plus(a, b):
    return a + b


def scaled_plus_by_calls(a, b, c):
    return plus(times(a, b), c)


def scaled_plus_in_steps(a, b, c):
    product = a * b
    total = product + c
    return total


def scaled_plus_rebound(a, b, c):
    s = a * b
    s = s + c
    return s


def named_like_an_adjoint(a):
    da = a * a          # a name the derivative code might take for a's adjoint
    return da


def rebound_argument(a):
    a = 3.0 * a
    return a


def rebound_copy(a):
    other = a
    other = other * 3.0
    return other


def cubed_by_products(a):
    return a * a * a


def cubed_by_power(a):
    return a ** 3


def squared_in_place(a):
    y = a * a
    y *= y
    return y


def multiply_call(a):
    return np.multiply(a, 3.0)


def list_summed(a):
    items = [1, a * a, 2]
    return np.sum(items)


def list_item_product(a):
    items = [1.0, a, 3.0]
    return items[0] * items[1]


def binop_mul1(a):
    return a * 3.0


def binop_mul2(a):
    return 3.0 * a


def binop_mul3(a):
    return a * a


def binop_div1(a):
    return a / 3.0


def binop_div2(a):
    return 3.0 / a


def binop_div3(a):
    return a / a


def binop_sub1(a):
    return a - 3.0


def binop_sub2(a):
    return 3.0 - a


def binop_sub3(a):
    return a - a


def binop_add1(a):
    return a + 3.0


def binop_add2(a):
    return 3.0 + a


def binop_add3(a):
    return a + a


BINOPS = {f"test_binop_{op}{k}": globals()[f"binop_{op}{k}"] for op in ("mul", "div", "sub", "add") for k in (1, 2, 3)}


# -- branches -----------------------------------------------------------------------------------
def rebound_in_both_branches(a):
    if a > 0:
        a = 3.0 * a
    else:
        a = 2.0 * a
    return a


def branch_inside_branch(a):
    if a > 0:
        if a < 10:
            a = a * a
    else:
        a = a * 3.0
    return a


def branches_on_computed_tests(a):
    if a * a / 3.0 > 0:
        k = 3.0
    else:
        k = 4.0
    a = k * a
    if a < k - k * a:
        a = a * a
    elif a > k + 3.0 * a:
        if a / 2.0 < 0:
            a = a / k
        else:
            a = a * k
    else:
        a = -a
    return a


def branches_in_sequence(a):
    if a > 0:
        a = a * a
    a = a + a
    if a < 0:
        a = a * 3.0
    return a


def branch_on_two_arguments(a, b):
    if a > b:
        a = a * a
    else:
        a = a * b
    return a


def rebound_then_nested_branch(a):
    if a > 0:
        a = 3.0 * a
        if a < 10:
            a = a * a
        else:
            a = 2.0 * a
    return a


def elif_chain(a):
    if a > 0:
        a = 3.0 * a
    elif 0 > a:
        a = 2.0 * a
    else:
        a = a * 1.0
    return a


def root_of_magnitude(a):
    if a >= 0:
        root = np.sqrt(a)
    else:
        root = np.sqrt(-a)
    return root


def power_of_magnitude(a, b):
    if a >= 0:
        a = a ** b
    else:
        a = (-a) ** b
    return a


# -- loops --------------------------------------------------------------------------------------
def squared_n_times_then_tripled(a, n):
    for _ in range(n):
        a = a * a
    a = a * 2.0
    for _ in range(n + 1):
        a = 3.0 * a
    return a


def branch_then_loop(a, n):
    if a > 0:
        a = a * a
    a = a * 2.0
    for _ in range(n):
        a = a * a
    return a


def loop_then_branch(a, n):
    for _ in range(n):
        a = a * a
    a = a * 2.0
    if a > 0:
        a = a * a
    return a


def cube_from_one(a):
    acc = 1
    for _ in range(3):
        acc = acc * a
    return acc


def cube_from_a(a):
    acc = a
    for _ in range(3 - 1):
        acc = acc * a
    return acc


def squared_three_times(a):
    for _ in range(3):
        a = a * a
    return a


def squared_n_times(a, n):
    for _ in range(n):
        a = a * a
    return a


def branch_in_loop(a):
    for _ in range(3):
        if a < 20:
            a = a * a
    return a


def loop_in_branch(a):
    if a < 20:
        for _ in range(3):
            a = a * a
    return a


def nested_loops(a):
    for _ in range(2):
        for _ in range(3):
            a = a * a
    return a


def cubed_three_times(a):
    for _ in range(3):
        a = a * a * a
    return a


def halved_while_large(a):
    while np.abs(a) > 0.1:
        a = 0.5 * a
    return a


# -- calls ----------------------------------------------------------------------------------------
def product_helper(a, b):
    return a * b


def calls_helper(a, b):
    return product_helper(a, b)


def calls_helper_in_branches(a, b):
    if a > b:
        out = product_helper(a, b)
    else:
        out = product_helper(b, a)
    return out


def calls_helper_in_loop(a, n):
    for _ in range(n):
        a = product_helper(a, a)
    return a


def calls_a_caller(a, b):
    return calls_helper(a, b)


def squares_chained(a):
    a = a * a
    return a * a


def products_chained(a):
    b = a
    b = a * a
    c = b * b
    return c * c


def calls_chained(a):
    b = times(a, a)
    c = times(b, b)
    return times(c, c)


# -- NumPy's functions of a number --------------------------------------------------------------
def exp_of_exp(a):
    return np.exp(np.exp(a))


def exp_call(a):
    return np.exp(a)


def cos_call(a):
    return np.cos(a)


def sin_call(a):
    return np.sin(a)


def tan_call(a):
    return np.tan(a)


def cosh_call(a):
    return np.cosh(a)


def sinh_call(a):
    return np.sinh(a)


def tanh_call(a):
    return np.tanh(a)


def arctan_call(a):
    return np.arctan(a)


def arccos_call(a):
    return np.arccos(a)


def arcsin_call(a):
    return np.arcsin(a)


UFUNCS = {f"numpy_{name}": globals()[f"{name}_call"] for name in ("exp", "cos", "sin", "tan", "cosh", "sinh", "tanh", "arctan")}


# -- blacklisted by Tangent's conftest ----------------------------------------------------------
def polar(a, b):
    radius = np.sqrt(a ** 2.0 + b ** 2.0)
    angle = np.arctan2(b, a)         # Tangent's np.arctan(b, a) passes a as out=: its comment says arctan2
    return radius, angle


def squared_by_nested_def(a, n):
    def scale(u, v):
        return u * v

    for _ in range(n):
        a = scale(a, a)
    return a


def pair_out(a):
    return 2 * a, a


F = "tangent functions.py"
X = "tangent functions.py (blacklisted)"


def unary(name, fun, values=A, file=F):
    return Entry(file, name, fun, [values])


def binary(name, fun, file=F):
    return Entry(file, name, fun, [A, B], argnums=(0,))


def ternary(name, fun):
    return Entry(F, name, fun, [A, B, B], argnums=(0,))


def with_count(name, fun, file=F):
    return Entry(file, name, fun, [A, N], argnums=(0,), order=1)


STRAIGHT = [
    unary("id_", identity), unary("unary_sub", negated), unary("tanh", tanh_call),
    unary("identity_assign", copied_name), unary("increment", plus_one), ternary("saxpy", scaled_plus),
    binary("mul", times), binary("add", plus), ternary("saxpy_call", scaled_plus_by_calls),
    ternary("saxpy_anf", scaled_plus_in_steps), ternary("saxpy_overwrite", scaled_plus_rebound),
    unary("gradname_aliasing", named_like_an_adjoint), unary("overwrite_arg", rebound_argument),
    unary("overwrite_non_arg", rebound_copy), unary("third_pow", cubed_by_products),
    unary("direct_third_pow", cubed_by_power), unary("augassign", squared_in_place),
    unary("fn_multiply", multiply_call), unary("test_anf_list", list_summed),
    unary("test_list_and_subscript", list_item_product),
    *(unary(name, fun) for name, fun in BINOPS.items()),
]
BRANCHES = [
    unary("overwrite_if", rebound_in_both_branches), unary("nested_if", branch_inside_branch),
    unary("multiarg_if", branches_on_computed_tests), unary("serial_if", branches_in_sequence),
    binary("multivar_if", branch_on_two_arguments), unary("devilish_nested_if", rebound_then_nested_branch),
    unary("overwrite_ifelse", elif_chain), unary("numpy_sqrt", root_of_magnitude),
    binary("gradgrad_pow", power_of_magnitude),
]
LOOPS = [
    with_count("serial_for", squared_n_times_then_tripled), with_count("serial_ifthenfor", branch_then_loop),
    with_count("serial_forthenif", loop_then_branch), unary("iter_third_pow1", cube_from_one),
    unary("iter_third_pow2", cube_from_a), unary("iterpower_static", squared_three_times),
    with_count("iterpower", squared_n_times), unary("cond_iterpower1", branch_in_loop),
    unary("cond_iterpower2", loop_in_branch), unary("superfor_iterpower", nested_loops),
    unary("super_iterpower", cubed_three_times), unary("while_big", halved_while_large),
]
CALLS = [
    binary("_inner_fn", product_helper), binary("mul_with_call", calls_helper),
    binary("if_mul_with_call", calls_helper_in_branches), with_count("iterpower_with_call", calls_helper_in_loop),
    binary("nested_call", calls_a_caller), unary("gradgrad_pow_twice", squares_chained),
    unary("gradgrad_chain_of_mults", products_chained), unary("gradgrad_chain_of_multcalls", calls_chained),
]
NUMPY = [
    unary("numpy_exp2", exp_of_exp), *(unary(name, fun) for name, fun in UFUNCS.items()),
    unary("numpy_arccos", arccos_call, INSIDE_ONE), unary("numpy_arcsin", arcsin_call, INSIDE_ONE),
]
BLACKLISTED = [
    Entry(X, "cart2polar", polar, [A, B], argnums=(0,)),
    with_count("iterpower_with_nested_def", squared_by_nested_def, X),
    unary("fn_multiple_return", pair_out, file=X),
]
TABLES = STRAIGHT + BRANCHES + LOOPS + CALLS + NUMPY + BLACKLISTED
