# Written for this corpus (p6) in the style of the boids simulation of Mahesh Venkitachalam's "Python Playground" (No Starch Press, 2015; its boids.py): a `Boids` class whose `__init__` draws positions `[width/2.0, height/2.0] + 10*np.random.rand(2*N).reshape(N, 2)` and headings `angles = 2*math.pi*np.random.rand(N)` turned into `np.array(list(zip(np.sin(angles), np.cos(angles))))`, camelCase attributes (`minDist`, `maxRuleVel`, `maxVel`), `tick()` computing `self.distMatrix = squareform(pdist(self.pos))` then `self.vel += self.applyRules()`, `self.limit(self.vel, self.maxVel)`, `self.pos += self.vel` and `self.applyBC()`; `limitVec` rescaling one row in place (`vec[0], vec[1] = vec[0]*maxVal/mag, vec[1]*maxVal/mag`) and `limit` calling it `for vec in X:`; `applyBC` wrapping coordinates `for coord in self.pos:`; `applyRules` as the three rules by boolean matrices (`D = self.distMatrix < 25.0`, `D.sum(axis=1).reshape(self.N, 1)`, `D.dot(self.pos)`), without the matplotlib animation. Differentiated: the flock's centre and spread after some ticks w.r.t. the initial velocities and positions.
import math

import numpy as np
from scipy.spatial.distance import squareform, pdist

width, height = 640, 480


class Boids:
    """class that represents Boids simulation"""
    def __init__(self, N):
        """ initialize the Boid simulation"""
        # initial position and velocities
        self.pos = [width/2.0, height/2.0] + 10*np.random.rand(2*N).reshape(N, 2)
        # normalized random velocities
        angles = 2*math.pi*np.random.rand(N)
        self.vel = np.array(list(zip(np.sin(angles), np.cos(angles))))
        self.N = N
        # minimum distance of approach
        self.minDist = 25.0
        # maximum magnitude of velocities calculated by "rules"
        self.maxRuleVel = 0.03
        # maximum maginitude of final velocity
        self.maxVel = 2.0

    def tick(self):
        """Update the simulation by one time step."""
        # get pairwise distances
        self.distMatrix = squareform(pdist(self.pos))
        # apply rules:
        self.vel += self.applyRules()
        self.limit(self.vel, self.maxVel)
        self.pos += self.vel
        self.applyBC()

    def limitVec(self, vec, maxVal):
        """limit magnitide of 2D vector"""
        mag = np.linalg.norm(vec)
        if mag > maxVal:
            vec[0], vec[1] = vec[0]*maxVal/mag, vec[1]*maxVal/mag

    def limit(self, X, maxVal):
        """limit magnitide of 2D vectors in array X to maxValue"""
        for vec in X:
            self.limitVec(vec, maxVal)

    def applyBC(self):
        """apply boundary conditions"""
        deltaR = 2.0
        for coord in self.pos:
            if coord[0] > width + deltaR:
                coord[0] = - deltaR
            if coord[0] < - deltaR:
                coord[0] = width + deltaR
            if coord[1] > height + deltaR:
                coord[1] = - deltaR
            if coord[1] < - deltaR:
                coord[1] = height + deltaR

    def applyRules(self):
        # apply rule #1: Separation
        D = self.distMatrix < 25.0
        vel = self.pos*D.sum(axis=1).reshape(self.N, 1) - D.dot(self.pos)
        self.limit(vel, self.maxRuleVel)

        # distance threshold for alignment (different from separation)
        D = self.distMatrix < 50.0

        # apply rule #2: Alignment
        vel2 = D.dot(self.vel)
        self.limit(vel2, self.maxRuleVel)
        vel += vel2

        # apply rule #3: Cohesion
        vel3 = D.dot(self.pos) - self.pos
        self.limit(vel3, self.maxRuleVel)
        vel += vel3

        return vel


N_BOIDS = 8


def flock_centre(vel0):
    """Test wrapper: the flock's mean position after 20 ticks, as a function of the initial
    velocities (the positions drawn as the book draws them)."""
    boids = Boids(N_BOIDS)
    boids.vel = vel0.copy()
    for i in range(20):
        boids.tick()
    return np.mean(boids.pos, axis=0)


def flock_spread(pos0):
    """Test wrapper: the flock's spread (mean squared distance to its centre) after 10 ticks, as
    a function of the initial positions."""
    boids = Boids(N_BOIDS)
    boids.pos = pos0.copy()
    for i in range(10):
        boids.tick()
    return np.mean(np.sum((boids.pos - boids.pos.mean(axis=0)) ** 2, axis=1))


def initial_velocities():
    rs = np.random.RandomState(11)
    angles = 2 * math.pi * rs.rand(N_BOIDS)
    return 0.8 * np.array(list(zip(np.sin(angles), np.cos(angles))))


def initial_positions():
    rs = np.random.RandomState(12)
    return [width / 2.0, height / 2.0] + 40 * rs.rand(2 * N_BOIDS).reshape(N_BOIDS, 2)


CASES = [
    dict(name="flock_centre", function=flock_centre, args=lambda: (initial_velocities(),), seed=4, kind="jacobian"),
    dict(name="flock_spread", function=flock_spread, args=lambda: (initial_positions(),), seed=4),
]
