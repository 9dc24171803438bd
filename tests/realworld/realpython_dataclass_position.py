# Ported from Real Python, "Data Classes in Python 3.7+ (Guide)" (the `Position` data class and its `distance_to` method).
from dataclasses import dataclass
from math import asin, cos, radians, sin, sqrt


@dataclass
class Position:
    name: str
    lon: float = 0.0
    lat: float = 0.0

    def distance_to(self, other):
        r = 6371  # Earth radius in kilometers
        lam_1, lam_2 = radians(self.lon), radians(other.lon)
        phi_1, phi_2 = radians(self.lat), radians(other.lat)
        h = (sin((phi_2 - phi_1) / 2)**2
             + cos(phi_1) * cos(phi_2) * sin((lam_2 - lam_1) / 2)**2)
        return 2 * r * asin(sqrt(h))


oslo = Position('Oslo', 10.8, 59.9)
vancouver = Position('Vancouver', -123.1, 49.3)


def distance(a, b):
    # test wrapper: the guide's `oslo.distance_to(vancouver)` as a function of both positions
    return a.distance_to(b)


def distance_from_oslo(lon, lat):
    # test wrapper: a Position built inside the function
    return oslo.distance_to(Position('Somewhere', lon, lat))


CASES = [
    dict(name="distance", function=distance,
         args=lambda: (Position('Oslo', 10.8, 59.9), Position('Vancouver', -123.1, 49.3)), wrt=(0, 1)),
    # (what the refusal of `a.distance_to(b)` suggests: differentiate the bound method)
    dict(name="bound_method", function=oslo.distance_to, args=lambda: (Position('Vancouver', -123.1, 49.3),)),
    dict(name="distance_from_oslo", function=distance_from_oslo, args=lambda: (-123.1, 49.3), wrt=(0, 1)),
]
