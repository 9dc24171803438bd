# Ported from OpenAI Gym's classic_control/pendulum.py (`PendulumEnv.step` and `angle_normalize`), driven open loop as in trajectory-optimisation tutorials: `np.clip` of the torque and the speed, `self.last_u`, the cost returned as `-costs`, and `self.state = np.array([newth, newthdot])`.
import numpy as np


def angle_normalize(x):
    return ((x + np.pi) % (2 * np.pi)) - np.pi


class PendulumEnv:
    def __init__(self, g=10.0):
        self.max_speed = 8
        self.max_torque = 2.0
        self.dt = 0.05
        self.g = g
        self.m = 1.0
        self.l = 1.0

    def step(self, u):
        th, thdot = self.state  # th := theta

        g = self.g
        m = self.m
        l = self.l
        dt = self.dt

        u = np.clip(u, -self.max_torque, self.max_torque)
        self.last_u = u  # for rendering
        costs = angle_normalize(th) ** 2 + 0.1 * thdot ** 2 + 0.001 * (u ** 2)

        newthdot = thdot + (3 * g / (2 * l) * np.sin(th) + 3.0 / (m * l ** 2) * u) * dt
        newthdot = np.clip(newthdot, -self.max_speed, self.max_speed)
        newth = th + newthdot * dt

        self.state = np.array([newth, newthdot])
        return self._get_obs(), -costs, False, {}

    def _get_obs(self):
        theta, thetadot = self.state
        return np.array([np.cos(theta), np.sin(theta), thetadot], dtype=np.float64)


def episode_return(actions, g=10.0):
    env = PendulumEnv(g=g)
    env.state = np.array([np.pi - 0.3, 0.2])
    total = 0.0
    for u in actions:
        obs, reward, done, info = env.step(u)
        total += reward
    return total


U0 = np.linspace(-1.5, 1.5, 30)

CASES = [
    dict(name="episode_return", function=episode_return, args=lambda: (U0.copy(), 10.0), wrt=(0, 1)),
]
