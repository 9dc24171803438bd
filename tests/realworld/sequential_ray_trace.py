# Written for this corpus (p6) in the style of sequential ray-tracing teaching code for lens design (a `Ray` class holding a position and a unit direction, a `SphericalRefraction` surface class with `z0`, `curvature`, `n1`, `n2` and an `aperture_radius`, whose `intercept(ray)` solves the quadratic for the sphere and picks the root by the sign of the curvature, whose `propagate_ray(ray)` refracts by the vector form of Snell's law and appends the new point with `ray.append(p, k)` (lists `self._points`, `self._directions`), an `OutputPlane` whose `propagate_ray` only intercepts; a plano-convex lens assembled as a list of elements `[lens_front, lens_back, output]` traced `for element in elements:`; a bundle of rays from a `for r, t in rtpairs(...)` generator of rings; and the RMS spot radius at the paraxial focus), as the Imperial College first-year optical ray tracer project writes it. Differentiated: the RMS spot size w.r.t. the surfaces' curvatures (the optimisation the project asks for), and one ray's landing point w.r.t. its height (a Jacobian).
import numpy as np


class Ray:
    def __init__(self, p=(0.0, 0.0, 0.0), k=(0.0, 0.0, 1.0)):
        self._points = [np.array(p, dtype=float)]
        self._directions = [np.array(k, dtype=float) / np.linalg.norm(k)]
        self.terminated = False

    def p(self):
        return self._points[-1]

    def k(self):
        return self._directions[-1]

    def append(self, p, k):
        self._points.append(np.array(p, dtype=float))
        self._directions.append(np.array(k, dtype=float))

    def vertices(self):
        return self._points


class OpticalElement:
    def propagate_ray(self, ray):
        "propagate a ray through the optical element"
        raise NotImplementedError()


def refract(k1, n_hat, n1, n2):
    """Snell's law in vector form: the refracted unit direction, or None for total internal
    reflection."""
    cos_i = -np.dot(n_hat, k1)
    if cos_i < 0:
        n_hat = -n_hat
        cos_i = -cos_i
    r = n1 / n2
    sin_t2 = r ** 2 * (1 - cos_i ** 2)
    if sin_t2 > 1:
        return None
    return r * k1 + (r * cos_i - np.sqrt(1 - sin_t2)) * n_hat


class SphericalRefraction(OpticalElement):
    def __init__(self, z0, curvature, n1, n2, aperture_radius):
        self.z0 = z0
        self.curvature = curvature
        self.n1 = n1
        self.n2 = n2
        self.aperture_radius = aperture_radius

    def intercept(self, ray):
        p, k = ray.p(), ray.k()
        if self.curvature == 0:
            l = (self.z0 - p[2]) / k[2]
            return p + l * k
        R = 1.0 / self.curvature
        centre = np.array([0.0, 0.0, self.z0 + R])
        r = p - centre
        rk = np.dot(r, k)
        disc = rk ** 2 - (np.dot(r, r) - R ** 2)
        if disc < 0:
            return None
        if self.curvature > 0:
            l = -rk - np.sqrt(disc)
        else:
            l = -rk + np.sqrt(disc)
        q = p + l * k
        if np.hypot(q[0], q[1]) > self.aperture_radius:
            return None
        return q

    def propagate_ray(self, ray):
        q = self.intercept(ray)
        if q is None:
            ray.terminated = True
            return ray
        if self.curvature == 0:
            n_hat = np.array([0.0, 0.0, -1.0])
        else:
            centre = np.array([0.0, 0.0, self.z0 + 1.0 / self.curvature])
            n_hat = (q - centre) * np.sign(self.curvature) / np.linalg.norm(q - centre)
        k2 = refract(ray.k(), n_hat, self.n1, self.n2)
        if k2 is None:
            ray.terminated = True
            return ray
        ray.append(q, k2)
        return ray


class OutputPlane(OpticalElement):
    def __init__(self, z):
        self.z = z

    def propagate_ray(self, ray):
        p, k = ray.p(), ray.k()
        l = (self.z - p[2]) / k[2]
        ray.append(p + l * k, k)
        return ray


def rtpairs(R, N):
    """Rings of radius R[i] holding N[i] points: (radius, angle) pairs."""
    for i in range(len(R)):
        for j in range(N[i]):
            yield R[i], j * (2 * np.pi / N[i])


def spot_rms(curvatures, z_focus=198.0):
    """Test wrapper: the RMS radius of a bundle of rays at the output plane, as a function of the
    two curvatures of a singlet lens (front at z = 100, 5 mm thick, n = 1.5168)."""
    front = SphericalRefraction(100.0, curvatures[0], 1.0, 1.5168, 20.0)
    back = SphericalRefraction(105.0, curvatures[1], 1.5168, 1.0, 20.0)
    output = OutputPlane(z_focus)
    elements = [front, back, output]
    xs = []
    ys = []
    for r, t in rtpairs([1.0, 2.5, 4.0], [1, 6, 12]):
        ray = Ray(p=[r * np.cos(t), r * np.sin(t), 0.0])
        for element in elements:
            element.propagate_ray(ray)
        q = ray.p()
        xs.append(q[0])
        ys.append(q[1])
    xs = np.array(xs)
    ys = np.array(ys)
    return np.sqrt(np.mean(xs ** 2 + ys ** 2))


def landing_point(height):
    """Test wrapper: where one ray at height (x, y) lands on the output plane (a Jacobian)."""
    elements = [SphericalRefraction(100.0, 0.02, 1.0, 1.5168, 20.0),
                SphericalRefraction(105.0, -0.003, 1.5168, 1.0, 20.0), OutputPlane(180.0)]
    ray = Ray(p=[height[0], height[1], 0.0], k=[0.0, 0.01, 1.0])
    for element in elements:
        element.propagate_ray(ray)
    return ray.p()[:2]


CASES = [
    dict(name="spot_rms", function=spot_rms, args=lambda: (np.array([0.02, -0.003]),)),
    dict(name="landing_point", function=landing_point, args=lambda: (np.array([1.5, -2.0]),), kind="jacobian"),
]
