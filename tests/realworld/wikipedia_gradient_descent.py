# Ported from Wikipedia, "Gradient descent", section "Python" of the 2019 revisions (https://en.wikipedia.org/wiki/Gradient_descent): the fixed-step descent on f(x) = x**4 - 3x**3 + 2 with `for ... range(max_iters)` and `break` once the step is below the precision; the script's globals are the test wrapper's arguments.

next_x = 6  # We start the search at x=6
gamma = 0.01  # Step size multiplier
precision = 0.00001  # Desired precision of result
max_iters = 10000  # Maximum number of iterations


# Derivative function
def df(x):
    return 4 * x**3 - 9 * x**2


def descend(next_x, gamma):
    # test wrapper: the script's loop, as it is written, from a start and with a step size
    for _i in range(max_iters):
        current_x = next_x
        next_x = current_x - gamma * df(current_x)

        step = next_x - current_x
        if abs(step) <= precision:
            break

    print("Minimum at ", next_x)
    return next_x


def f(x):
    return x**4 - 3 * x**3 + 2


def value_at_minimum(gamma):
    # test wrapper: the objective where the descent stopped, as a function of the step size
    return f(descend(6.0, gamma))


CASES = [
    dict(name="descend", function=descend, args=lambda: (6.0, 0.01), wrt=(0, 1)),
    dict(name="value_at_minimum", function=value_at_minimum, args=lambda: (0.01,)),
]
