# Ported from John DeNero, "Composing Programs", section 1.6 Higher-Order Functions (https://www.composingprograms.com/pages/16-higher-order-functions.html): `improve`, `sqrt` with nested `sqrt_update`/`sqrt_close`, `newton_update` returning `update`, `find_zero`, `square_root_newton`, `nth_root_of_a`, `compose1`, `curried_pow`.


def improve(update, close, guess=1):
    while not close(guess):
        guess = update(guess)
    return guess


def golden_update(guess):
    return 1/guess + 1


def square_close_to_successor(guess):
    return approx_eq(guess * guess, guess + 1)


def approx_eq(x, y, tolerance=1e-15):
    return abs(x - y) < tolerance


def average(x, y):
    return (x + y)/2


def sqrt(a):
    def sqrt_update(x):
        return average(x, a/x)
    def sqrt_close(x):
        return approx_eq(x * x, a)
    return improve(sqrt_update, sqrt_close)


def newton_update(f, df):
    def update(x):
        return x - f(x) / df(x)
    return update


def find_zero(f, df):
    def near_zero(x):
        return approx_eq(f(x), 0)
    return improve(newton_update(f, df), near_zero)


def square_root_newton(a):
    def f(x):
        return x * x - a
    def df(x):
        return 2 * x
    return find_zero(f, df)


def power(x, n):
    """Return x * x * x * ... * x for x repeated n times."""
    product, k = 1, 0
    while k < n:
        product, k = product * x, k + 1
    return product


def nth_root_of_a(n, a):
    def f(x):
        return power(x, n) - a
    def df(x):
        return n * power(x, n-1)
    return find_zero(f, df)


def compose1(f, g):
    def h(x):
        return f(g(x))
    return h


def curried_pow(x):
    def h(y):
        return pow(x, y)
    return h


def square(x):
    return x * x


def successor(x):
    return x + 1


def square_successor(a):
    # test wrapper: the section's `compose1(square, successor)(12)` as a function of the argument
    return compose1(square, successor)(a)


def curried_pow_of(x):
    # test wrapper: the section's `curried_pow(2)(3)` as a function of the base
    return curried_pow(x)(3)


def cube_root(a):
    # test wrapper: the section's `nth_root_of_a(3, 64)` as a function of a
    return nth_root_of_a(3, a)


CASES = [
    dict(name="sqrt", function=sqrt, args=lambda: (2.0,), reference=lambda a: 0.5 / a ** 0.5),
    dict(name="square_root_newton", function=square_root_newton, args=lambda: (3.0,),
         reference=lambda a: 0.5 / a ** 0.5),
    dict(name="cube_root", function=cube_root, args=lambda: (2.0,), reference=lambda a: a ** (-2 / 3) / 3),
    dict(name="square_successor", function=square_successor, args=lambda: (12.0,)),
    dict(name="curried_pow", function=curried_pow_of, args=lambda: (2.0,)),
]
