# Written for this corpus (p7) in the style of the object-per-body gravity simulations of Python teaching material (a `Body` class with `mass`, `pos`, `vel` numpy arrays and `acc`, a `System` holding `self.bodies` in a list with `add(body)`, `compute_accelerations()` by a double `for` loop over pairs skipping `if body is other`, `step(dt)` as a velocity-Verlet update that mutates each body's attributes, `total_energy()` summing kinetic energy per body and the pairwise potential via `itertools.combinations`, `run(n_steps, dt)` recording `self.history`), with G in scaled units. Differentiated: the final energy drift and a planet's final position w.r.t. the initial velocities.
import itertools

import numpy as np

G = 1.0


class Body:
    def __init__(self, name, mass, pos, vel):
        self.name = name
        self.mass = mass
        self.pos = np.array(pos, dtype=float)
        self.vel = np.array(vel, dtype=float)
        self.acc = np.zeros(2)

    def kinetic_energy(self):
        return 0.5 * self.mass * np.dot(self.vel, self.vel)

    def __repr__(self):
        return f"Body({self.name!r}, m={self.mass})"


class System:
    def __init__(self, softening=1e-3):
        self.bodies = []
        self.softening = softening
        self.time = 0.0
        self.history = []

    def add(self, body):
        self.bodies.append(body)
        return self

    def compute_accelerations(self):
        for body in self.bodies:
            body.acc = np.zeros(2)
            for other in self.bodies:
                if body is other:
                    continue
                r = other.pos - body.pos
                dist = np.sqrt(np.dot(r, r) + self.softening ** 2)
                body.acc = body.acc + G * other.mass * r / dist ** 3

    def step(self, dt):
        for body in self.bodies:
            body.vel = body.vel + 0.5 * dt * body.acc
            body.pos = body.pos + dt * body.vel
        self.compute_accelerations()
        for body in self.bodies:
            body.vel = body.vel + 0.5 * dt * body.acc
        self.time += dt

    def potential_energy(self):
        energy = 0.0
        for a, b in itertools.combinations(self.bodies, 2):
            r = b.pos - a.pos
            energy -= G * a.mass * b.mass / np.sqrt(np.dot(r, r) + self.softening ** 2)
        return energy

    def total_energy(self):
        return sum(body.kinetic_energy() for body in self.bodies) + self.potential_energy()

    def run(self, n_steps, dt):
        self.compute_accelerations()
        for _ in range(n_steps):
            self.step(dt)
            self.history.append([body.pos.copy() for body in self.bodies])
        return self


def make_system(v):
    """Sun, planet and moon-like body; `v` holds the planet's and the third body's initial velocities."""
    system = System()
    system.add(Body("sun", 1.0, [0.0, 0.0], [0.0, 0.0]))
    system.add(Body("planet", 1e-3, [1.0, 0.0], v[:2]))
    system.add(Body("comet", 1e-5, [0.0, 2.0], v[2:]))
    return system


def energy_drift(v):
    system = make_system(v)
    e0 = system.total_energy()
    system.run(40, 0.02)
    return (system.total_energy() - e0) * 1e6


def planet_position(v):
    system = make_system(v).run(30, 0.03)
    return system.bodies[1].pos


V0 = np.array([0.05, 1.0, -0.7, 0.1])

CASES = [
    dict(name="energy_drift", function=energy_drift, args=lambda: (V0.copy(),)),
    dict(name="planet_position", function=planet_position, args=lambda: (V0.copy(),), kind="jacobian"),
]
