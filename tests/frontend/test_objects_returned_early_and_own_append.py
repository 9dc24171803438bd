"""Two spellings of sequential ray-tracing code (tests/realworld/sequential_ray_trace.py), both
refused before: an object's own method named like a list's (``ray.append(q, k)``, a `Ray`
keeping its vertices: "this call of `.append()`"), and a method returning the object it was
given early under a branch whose test is known only at run time (``if q is None: ray.terminated
= True; return ray``: "using `_result`, bound to a function on one path ..."): the returned
object is the one object on every path (frontend/containers.py, frontend/lowering.py)."""
import numpy as np
import pytest

import transpiler


class Ray:
    def __init__(self, p):
        self.points = [p]
        self.terminated = False

    def append(self, p, scale):
        self.points.append(p * scale)

    def extend(self, ps):
        for p in ps:
            self.points.append(p)


class Stop:
    def __init__(self, radius):
        self.radius = radius

    def propagate(self, ray):
        p = ray.points[-1]
        if np.sum(p ** 2) > self.radius ** 2:
            ray.terminated = True
            return ray
        ray.append(np.sin(p), 2.0)
        return ray


def own_append(x):
    ray = Ray(x)
    ray.append(x ** 2, 0.5)
    ray.extend([x * 3.0])
    return np.sum(ray.points[1] * ray.points[2])


def early_return(x):
    ray = Ray(x)
    for stop in [Stop(2.0), Stop(1.5)]:
        stop.propagate(ray)
    return np.sum(ray.points[-1] ** 2)


def returned_object_used(x):
    ray = Stop(2.0).propagate(Ray(x))
    return np.sum(ray.points[-1]) * len(ray.points)


@pytest.mark.parametrize("x", [np.array([0.3, -0.4]), np.array([1.8, 0.9])], ids=["passes", "stopped"])
@pytest.mark.parametrize("f", [own_append, early_return, returned_object_used])
def test_both_modes_match_finite_differences(f, x):
    assert transpiler.check_grad(f, x).ok
    t = np.array([0.6, -0.2])
    h = 1e-6
    value, derivative = transpiler.jvp(f, (x,), (t,))
    assert value == pytest.approx(f(x))
    assert derivative == pytest.approx((f(x + h * t) - f(x - h * t)) / (2 * h), rel=1e-6)


def test_the_stopped_ray_keeps_its_point():
    x = np.array([1.8, 0.9])          # outside the first stop: terminated there, nothing appended
    assert transpiler.value_and_grad(early_return)(x)[0] == pytest.approx(np.sum(x ** 2))
