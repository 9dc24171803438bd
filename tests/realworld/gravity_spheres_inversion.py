# Written for this corpus (p8) in the style of the geophysics forward-modelling and inversion tutorials (SimPEG's and Fatiando a Terra's gravity examples, and course notebooks on buried-sphere anomalies): a `Sphere` class with `@property` `mass` from a density contrast and radius, `gz(x, y)` of observation points using the constant `G` and `SI2MGAL`, a `Survey` holding the receiver grid from `np.meshgrid` and `ravel()`, `forward(model)` summing the spheres' anomalies with `sum(sphere.gz(...) for sphere in spheres)`, a Tikhonov-regularised misfit with data weights `1 / std`, a smallness and a first-difference smoothness term, and `beta` as a keyword default. Differentiated: the regularised objective w.r.t. the spheres' (x, z, density) model vector, the predicted anomaly w.r.t. the model, and a depth-weighting sensitivity.
import numpy as np

G = 6.674e-11
SI2MGAL = 1e5


class Sphere:
    """A buried sphere of density contrast `rho` (kg/m^3) and radius `radius` (m) centred at (x0, y0, z0)."""

    def __init__(self, x0, y0, z0, radius=50.0, rho=300.0):
        self.x0, self.y0, self.z0 = x0, y0, z0
        self.radius = radius
        self.rho = rho

    @property
    def mass(self):
        return 4.0 / 3.0 * np.pi * self.radius ** 3 * self.rho

    def gz(self, x, y, z=0.0):
        """Vertical attraction in mGal at observation points (z positive down, sphere below)."""
        dx, dy, dz = x - self.x0, y - self.y0, self.z0 - z
        r = np.sqrt(dx ** 2 + dy ** 2 + dz ** 2)
        return SI2MGAL * G * self.mass * dz / r ** 3


class Survey:
    def __init__(self, extent=400.0, n=9, height=0.0):
        xs = np.linspace(-extent, extent, n)
        X, Y = np.meshgrid(xs, xs)
        self.x, self.y = X.ravel(), Y.ravel()
        self.height = height

    @property
    def n_data(self):
        return len(self.x)


def spheres_from_model(model, radius=60.0):
    """Model vector [x0, z0, rho0, x1, z1, rho1, ...] -> list of spheres on the y = 0 line."""
    return [Sphere(model[i], 0.0, model[i + 1], radius=radius, rho=model[i + 2])
            for i in range(0, len(model), 3)]


def forward(model, survey):
    spheres = spheres_from_model(model)
    return sum(sphere.gz(survey.x, survey.y, -survey.height) for sphere in spheres)


SURVEY = Survey()
TRUE_MODEL = np.array([-120.0, 150.0, 400.0, 140.0, 220.0, -250.0])
rng = np.random.RandomState(11)
STD = 0.002
OBSERVED = forward(TRUE_MODEL, SURVEY) + STD * rng.randn(SURVEY.n_data)
REFERENCE = np.array([-100.0, 180.0, 300.0, 100.0, 180.0, -200.0])


def objective(model, survey=SURVEY, data=OBSERVED, beta=1e-3, alpha_s=1.0, alpha_x=0.5):
    """phi_d + beta * phi_m, with phi_m a smallness and a smoothness term over the spheres."""
    W_d = 1.0 / STD
    phi_d = 0.5 * np.sum((W_d * (forward(model, survey) - data)) ** 2)
    scales = np.tile([100.0, 100.0, 100.0], len(model) // 3)
    m = (model - REFERENCE) / scales
    phi_s = alpha_s * np.sum(m ** 2)
    phi_x = alpha_x * np.sum(np.diff(model[2::3] / 100.0) ** 2)
    return (phi_d + beta * (phi_s + phi_x)) / survey.n_data


def profile(model):
    """Predicted anomaly along the survey's centre line."""
    survey = Survey(extent=300.0, n=7, height=2.0)
    return forward(model, survey).reshape(7, 7)[3]


def depth_weighted_sensitivity(model, z0=10.0, exponent=2.0):
    """Li-Oldenburg style depth weighting of each sphere's peak sensitivity."""
    weights = [(s.z0 + z0) ** (-exponent / 2) for s in spheres_from_model(model)]
    peaks = [np.max(np.abs(s.gz(SURVEY.x, SURVEY.y))) for s in spheres_from_model(model)]
    return sum(w * p for w, p in zip(weights, peaks))


def data_misfit(sphere_params, survey=SURVEY, data=OBSERVED):
    """The same forward model for spheres given as `(x0, z0, rho)` tuples, as scripts list them."""
    spheres = [Sphere(x0, 0.0, z0, radius=60.0, rho=rho) for x0, z0, rho in sphere_params]
    predicted = sum(sphere.gz(survey.x, survey.y) for sphere in spheres)
    return 0.5 * np.mean(((predicted - data) / STD) ** 2)


MODEL0 = np.array([-110.0, 160.0, 350.0, 130.0, 200.0, -220.0])

CASES = [
    dict(name="objective", function=objective, args=lambda: (MODEL0.copy(),)),
    dict(name="profile", function=profile, args=lambda: (MODEL0.copy(),), kind="jacobian"),
    dict(name="data_misfit", function=data_misfit,
         args=lambda: ([(-110.0, 160.0, 350.0), (130.0, 200.0, -220.0)],)),
    dict(name="depth_weighted_sensitivity", function=depth_weighted_sensitivity, args=lambda: (MODEL0.copy(),)),
]
