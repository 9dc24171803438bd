# Written for this corpus (i5) in the style of an epidemiology notebook: an SEIR model integrated with scipy.integrate.odeint and fitted to case counts.
import numpy as np
from scipy.integrate import odeint


def seir(y, t, beta, sigma, gamma, N):
    S, E, I, R = y
    dS = -beta * S * I / N
    dE = beta * S * I / N - sigma * E
    dI = sigma * E - gamma * I
    dR = gamma * I
    return [dS, dE, dI, dR]


def simulate(theta, days=30):
    beta, sigma, gamma = theta
    N = 1000.0
    y0 = [N - 1.0, 0.0, 1.0, 0.0]
    t = np.linspace(0, days, days + 1)
    sol = odeint(seir, y0, t, args=(beta, sigma, gamma, N))
    return sol


def sse(theta, observed):
    I = simulate(theta)[:, 2]
    return np.sum((I[::5] - observed) ** 2) / 1e4


obs = np.array([1.0, 3.1, 9.5, 27.0, 65.0, 120.0, 160.0])

CASES = [
    dict(name="sse", function=sse, args=lambda: (np.array([0.6, 0.3, 0.15]), obs)),
]
