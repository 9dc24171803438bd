# Written for this corpus (p5) in the style of climate-science teaching code for a diffusive energy balance model (the Budyko-Sellers / North model as in Brian Rose's "Climate Laboratory" notebooks and climlab's `EBM`): a `param` dict of constants (`A`, `B`, `D`, `S0`, `a0`, `a2`, `ai`, `Tf`) spread with `**param` into a class, latitude points from `np.linspace` on the `sin(phi)` axis, insolation by the second Legendre polynomial `P2`, a smooth ice-albedo feedback by `np.tanh`, meridional heat diffusion `D d/dx[(1 - x^2) dT/dx]` by finite differences on staggered points (`np.diff`, fluxes zero at the poles by `np.concatenate`), `step_forward()` updating `self.Ts += ...` in place, `integrate_years` in a `while self.time < years` loop, and diagnostics (`global_mean` by cosine weights, the ice edge latitude by linear interpolation where T crosses Tf). Differentiated in the model constants: the equilibrium global mean temperature, its CO2 sensitivity and the ice edge.
import numpy as np

param = dict(A=210.0, B=2.0, D=0.55, S0=1365.2, a0=0.354, a2=0.25, ai=0.62, Tf=-10.0,
             water_depth=10.0)


def P2(x):
    return 0.5 * (3 * x ** 2 - 1)


class EBM(object):
    """One-dimensional diffusive energy balance model on equal intervals of x = sin(latitude)."""

    def __init__(self, num_points=45, water_depth=10.0, **kwargs):
        self.num_points = num_points
        self.param = dict(param)
        self.param.update(kwargs)
        self.param["water_depth"] = water_depth
        # staggered grid: temperatures at cell centres, fluxes at edges
        self.x_edges = np.linspace(-1.0, 1.0, num_points + 1)
        self.x = 0.5 * (self.x_edges[1:] + self.x_edges[:-1])
        self.lat = np.rad2deg(np.arcsin(self.x))
        self.dx = self.x_edges[1] - self.x_edges[0]
        # heat capacity of the mixed layer [J m^-2 K^-1] per year in seconds
        self.C = 4.0e3 * 1.0e3 * self.param["water_depth"]
        self.seconds_per_year = 3.156e7
        self.timestep = self.seconds_per_year / 300.0   # (explicit diffusion: stable below ~ / 150)
        self.Ts = 12.0 - 40.0 * P2(self.x)
        self.time = 0.0

    @property
    def insolation(self):
        return self.param["S0"] / 4.0 * (1.0 - 0.482 * P2(self.x))

    def albedo(self, T):
        p = self.param
        warm = p["a0"] + p["a2"] * P2(self.x)
        return p["ai"] + (warm - p["ai"]) * 0.5 * (1.0 + np.tanh((T - p["Tf"]) / 2.0))

    def diffusion(self, T):
        dTdx = np.diff(T) / self.dx
        edge_weights = 1.0 - self.x_edges[1:-1] ** 2
        flux = np.concatenate(([0.0], self.param["D"] * edge_weights * dTdx, [0.0]))
        return np.diff(flux) / self.dx

    def tendency(self, T):
        p = self.param
        ASR = (1.0 - self.albedo(T)) * self.insolation
        OLR = p["A"] + p["B"] * T
        return (ASR - OLR + self.diffusion(T)) / self.C

    def step_forward(self):
        self.Ts += self.timestep * self.tendency(self.Ts)
        self.time += self.timestep / self.seconds_per_year

    def integrate_years(self, years=1.0):
        while self.time < years:
            self.step_forward()

    def global_mean(self, field):
        # area weights: equal intervals of x = sin(lat) are equal areas
        return np.sum(field * self.dx) / 2.0

    def icelat(self):
        """The northern ice edge: where Ts crosses Tf, interpolated between grid points."""
        Tf = self.param["Tf"]
        north = self.x > 0
        T_n = self.Ts[north]
        lat_n = self.lat[north]
        below = np.nonzero(T_n < Tf)[0]
        if len(below) == 0:
            return 90.0
        i = below[0]
        w = (T_n[i - 1] - Tf) / (T_n[i - 1] - T_n[i])
        return lat_n[i - 1] + w * (lat_n[i] - lat_n[i - 1])


def equilibrium_global_mean(consts):
    """Test wrapper: the global mean temperature after 4 model years, as a function of (A, B, D)."""
    A, B, D = consts
    model = EBM(num_points=30, A=A, B=B, D=D)
    model.integrate_years(4.0)
    return model.global_mean(model.Ts)


def co2_warming(D, S0):
    """Test wrapper: the warming of 4 W m^-2 less outgoing longwave radiation (doubled CO2)."""
    control = EBM(num_points=30, D=D, S0=S0)
    control.integrate_years(4.0)
    doubled = EBM(num_points=30, D=D, S0=S0, A=param["A"] - 4.0)
    doubled.integrate_years(4.0)
    return doubled.global_mean(doubled.Ts) - control.global_mean(control.Ts)


def ice_edge(S0, a0):
    """Test wrapper: the ice edge latitude, as a function of the solar constant and the albedo."""
    model = EBM(num_points=30, S0=S0, a0=a0)
    model.integrate_years(4.0)
    return model.icelat()


def diffusivity_set_after_construction(D, B):
    """Test wrapper: the equator-to-pole temperature difference, the constants set in the
    model's dict after it is made (no keywords through `**kwargs`)."""
    model = EBM(num_points=30)
    model.param["D"] = D
    model.param["B"] = B
    model.integrate_years(4.0)
    return model.Ts[15] - model.Ts[-1]


CASES = [
    dict(name="global_mean", function=equilibrium_global_mean, args=lambda: (np.array([210.0, 2.0, 0.55]),)),
    dict(name="co2_warming", function=co2_warming, args=lambda: (0.55, 1365.2), wrt=(0, 1)),
    dict(name="ice_edge", function=ice_edge, args=lambda: (1365.2, 0.354), wrt=(0, 1)),
    dict(name="set_after_construction", function=diffusivity_set_after_construction, args=lambda: (0.55, 2.0),
         wrt=(0, 1)),
]
