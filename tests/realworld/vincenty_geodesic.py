# Written for this corpus (p11) in the style of the `vincenty` package on PyPI and Chris Veness's Movable Type port of Vincenty's formulae: module constants `a`, `f`, `b`, the inverse problem as a `for iteration in range(MAX_ITERATIONS)` loop with `break` on a convergence threshold and a `for`-`else` returning None, `try`/`except ZeroDivisionError` for an equatorial line, an early `return 0.0` for coincident points, `math` throughout on `(lat, lon)` tuples, a `miles=False` keyword; and the direct problem with a `while abs(sigma - sigma_p) > 1e-12` loop. Differentiated: a distance in the second point, a ranging fix's squared residuals in the receiver's position, and a destination's latitude in the distance travelled and the bearing.
import math

import numpy as np

# WGS 84
a = 6378137  # meters
f = 1 / 298.257223563
b = 6356752.314245  # meters; b = (1 - f)a

MILES_PER_KILOMETER = 0.621371

MAX_ITERATIONS = 200
CONVERGENCE_THRESHOLD = 1e-12  # .000,000,000,001


def vincenty_inverse(point1, point2, miles=False):
    """Vincenty's inverse method: the distance in kilometres between two (lat, lon) points."""
    # short-circuit coincident points
    if point1[0] == point2[0] and point1[1] == point2[1]:
        return 0.0

    U1 = math.atan((1 - f) * math.tan(math.radians(point1[0])))
    U2 = math.atan((1 - f) * math.tan(math.radians(point2[0])))
    L = math.radians(point2[1] - point1[1])
    Lambda = L

    sinU1 = math.sin(U1)
    cosU1 = math.cos(U1)
    sinU2 = math.sin(U2)
    cosU2 = math.cos(U2)

    for iteration in range(MAX_ITERATIONS):
        sinLambda = math.sin(Lambda)
        cosLambda = math.cos(Lambda)
        sinSigma = math.sqrt((cosU2 * sinLambda) ** 2 +
                             (cosU1 * sinU2 - sinU1 * cosU2 * cosLambda) ** 2)
        if sinSigma == 0:
            return 0.0  # coincident points
        cosSigma = sinU1 * sinU2 + cosU1 * cosU2 * cosLambda
        sigma = math.atan2(sinSigma, cosSigma)
        sinAlpha = cosU1 * cosU2 * sinLambda / sinSigma
        cosSqAlpha = 1 - sinAlpha ** 2
        try:
            cos2SigmaM = cosSigma - 2 * sinU1 * sinU2 / cosSqAlpha
        except ZeroDivisionError:
            cos2SigmaM = 0
        C = f / 16 * cosSqAlpha * (4 + f * (4 - 3 * cosSqAlpha))
        LambdaPrev = Lambda
        Lambda = L + (1 - C) * f * sinAlpha * (sigma + C * sinSigma *
                                               (cos2SigmaM + C * cosSigma *
                                                (-1 + 2 * cos2SigmaM ** 2)))
        if abs(Lambda - LambdaPrev) < CONVERGENCE_THRESHOLD:
            break  # successful convergence
    else:
        return None  # failure to converge

    uSq = cosSqAlpha * (a ** 2 - b ** 2) / (b ** 2)
    A = 1 + uSq / 16384 * (4096 + uSq * (-768 + uSq * (320 - 175 * uSq)))
    B = uSq / 1024 * (256 + uSq * (-128 + uSq * (74 - 47 * uSq)))
    deltaSigma = B * sinSigma * (cos2SigmaM + B / 4 * (cosSigma *
                 (-1 + 2 * cos2SigmaM ** 2) - B / 6 * cos2SigmaM *
                 (-3 + 4 * sinSigma ** 2) * (-3 + 4 * cos2SigmaM ** 2)))
    s = b * A * (sigma - deltaSigma)

    s /= 1000  # meters to kilometers
    if miles:
        s *= MILES_PER_KILOMETER  # kilometers to miles

    return s


def vincenty_direct(lat1, lon1, bearing, distance):
    """Vincenty's direct method (Veness): the point `distance` metres from (lat1, lon1) along the
    initial `bearing` (degrees)."""
    alpha1 = math.radians(bearing)
    sinAlpha1, cosAlpha1 = math.sin(alpha1), math.cos(alpha1)
    tanU1 = (1 - f) * math.tan(math.radians(lat1))
    cosU1 = 1 / math.sqrt(1 + tanU1 * tanU1)
    sinU1 = tanU1 * cosU1
    sigma1 = math.atan2(tanU1, cosAlpha1)
    sinAlpha = cosU1 * sinAlpha1
    cosSqAlpha = 1 - sinAlpha * sinAlpha
    uSq = cosSqAlpha * (a * a - b * b) / (b * b)
    A = 1 + uSq / 16384 * (4096 + uSq * (-768 + uSq * (320 - 175 * uSq)))
    B = uSq / 1024 * (256 + uSq * (-128 + uSq * (74 - 47 * uSq)))

    sigma = distance / (b * A)
    sigma_p = 2 * math.pi
    iterations = 0
    while abs(sigma - sigma_p) > 1e-12:
        cos2SigmaM = math.cos(2 * sigma1 + sigma)
        sinSigma = math.sin(sigma)
        cosSigma = math.cos(sigma)
        deltaSigma = B * sinSigma * (cos2SigmaM + B / 4 * (cosSigma * (-1 + 2 * cos2SigmaM * cos2SigmaM) -
                     B / 6 * cos2SigmaM * (-3 + 4 * sinSigma * sinSigma) * (-3 + 4 * cos2SigmaM * cos2SigmaM)))
        sigma_p = sigma
        sigma = distance / (b * A) + deltaSigma
        iterations += 1
        assert iterations < 100, f"Vincenty direct did not converge ({iterations} iterations)"

    tmp = sinU1 * sinSigma - cosU1 * cosSigma * cosAlpha1
    lat2 = math.atan2(sinU1 * cosSigma + cosU1 * sinSigma * cosAlpha1,
                      (1 - f) * math.sqrt(sinAlpha * sinAlpha + tmp * tmp))
    lam = math.atan2(sinSigma * sinAlpha1, cosU1 * cosSigma - sinU1 * sinSigma * cosAlpha1)
    C = f / 16 * cosSqAlpha * (4 + f * (4 - 3 * cosSqAlpha))
    L = lam - (1 - C) * f * sinAlpha * (sigma + C * sinSigma * (cos2SigmaM + C * cosSigma * (-1 + 2 * cos2SigmaM * cos2SigmaM)))
    return math.degrees(lat2), lon1 + math.degrees(L)


BOSTON = (42.3541165, -71.0693514)
NEW_YORK = (40.7791472, -73.9680804)
BEACONS = [(48.8566, 2.3522), (51.5074, -0.1278), (50.1109, 8.6821), (45.4642, 9.19)]
RANGES_KM = np.array([265.8, 520.4, 283.1, 465.0])


def boston_to(point2):
    return vincenty_inverse(BOSTON, (point2[0], point2[1]))


def ranging_residuals(position, beacons=BEACONS, ranges=RANGES_KM):
    """A receiver fixed by its ranges to beacons (kilometres): sum of squared residuals."""
    lat, lon = position
    predicted = np.array([vincenty_inverse((lat, lon), beacon) for beacon in beacons])
    return np.sum((predicted - ranges) ** 2)


def destination_latitude(distance, bearing):
    lat2, lon2 = vincenty_direct(-37.95103342, 144.42486789, bearing, distance)
    return lat2 + 0.1 * lon2


CASES = [
    dict(name="boston_to", function=boston_to, args=lambda: (np.array(NEW_YORK),)),
    dict(name="ranging_residuals", function=ranging_residuals, args=lambda: (np.array([49.2, 4.1]),)),
    dict(name="destination_latitude", function=destination_latitude, args=lambda: (54972.271, 306.86816),
         wrt=(0, 1)),
]
