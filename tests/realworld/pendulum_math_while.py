# Written for this corpus (i5) in the style of an intro-physics script: a damped pendulum with the math module and `while t < T`.
import math


def simulate(theta0, omega0, length=1.0, damping=0.1, T=2.0, dt=0.01):
    g = 9.81
    theta, omega, t = theta0, omega0, 0.0
    energy_lost = 0
    while t < T:
        alpha = -(g / length) * math.sin(theta) - damping * omega
        omega = omega + alpha * dt          # semi-implicit Euler
        theta = theta + omega * dt
        energy_lost += damping * omega ** 2 * dt
        t += dt
    return theta, omega, energy_lost


def final_height(theta0, omega0, length):
    theta, omega, lost = simulate(theta0, omega0, length=length)
    return length * (1 - math.cos(theta)) + 0.1 * lost + math.hypot(omega, 1.0)


def period_estimate(theta0):
    # count zero crossings, then a smooth quantity of the state
    theta, omega, t, dt = theta0, 0.0, 0.0, 0.005
    crossings = 0
    while crossings < 2:
        prev = theta
        omega -= 9.81 * math.sin(theta) * dt
        theta += omega * dt
        t += dt
        if prev * theta < 0:
            crossings += 1
    return theta * 10.0 + omega


CASES = [
    dict(name="final_height", function=final_height, args=lambda: (0.8, 0.2, 1.3), wrt=(0, 1, 2)),
    dict(name="period", function=period_estimate, args=lambda: (0.6,)),
]
