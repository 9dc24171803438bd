# Ported from OpenAI Gym's classic_control/cartpole.py (`CartPoleEnv.step`'s physics, Florian 2007's equations as the comments there cite), with the discrete action replaced by a continuous force per step as model-based RL papers do: the state a tuple unpacked each step, `math.cos`/`math.sin`, constants on `self`, the "euler" and "semi-implicit euler" branches of `self.kinematics_integrator`.
import math

import numpy as np


class CartPoleEnv:
    def __init__(self, kinematics_integrator="euler"):
        self.gravity = 9.8
        self.masscart = 1.0
        self.masspole = 0.1
        self.total_mass = self.masspole + self.masscart
        self.length = 0.5  # actually half the pole's length
        self.polemass_length = self.masspole * self.length
        self.force_mag = 10.0
        self.tau = 0.02  # seconds between state updates
        self.kinematics_integrator = kinematics_integrator
        self.state = None

    def reset(self, state):
        self.state = state
        return np.array(self.state, dtype=np.float32)

    def step(self, action):
        x, x_dot, theta, theta_dot = self.state
        force = self.force_mag * action
        costheta = math.cos(theta)
        sintheta = math.sin(theta)

        # For the interested reader:
        # https://coneural.org/florian/papers/05_cart_pole.pdf
        temp = (force + self.polemass_length * theta_dot ** 2 * sintheta) / self.total_mass
        thetaacc = (self.gravity * sintheta - costheta * temp) / (
            self.length * (4.0 / 3.0 - self.masspole * costheta ** 2 / self.total_mass)
        )
        xacc = temp - self.polemass_length * thetaacc * costheta / self.total_mass

        if self.kinematics_integrator == "euler":
            x = x + self.tau * x_dot
            x_dot = x_dot + self.tau * xacc
            theta = theta + self.tau * theta_dot
            theta_dot = theta_dot + self.tau * thetaacc
        else:  # semi-implicit euler
            x_dot = x_dot + self.tau * xacc
            x = x + self.tau * x_dot
            theta_dot = theta_dot + self.tau * thetaacc
            theta = theta + self.tau * theta_dot

        self.state = (x, x_dot, theta, theta_dot)
        return self.state


def rollout_cost(forces, integrator="euler"):
    """Test wrapper: a quadratic cost of the trajectory under an open-loop force sequence."""
    env = CartPoleEnv(integrator)
    env.state = (0.0, 0.0, 0.05, 0.0)
    cost = 0.0
    for a in forces:
        x, x_dot, theta, theta_dot = env.step(a)
        cost += x ** 2 + 10.0 * theta ** 2 + 0.1 * theta_dot ** 2 + 0.01 * a ** 2
    return cost


def final_state(initial, forces):
    env = CartPoleEnv("semi-implicit euler")
    env.state = tuple(initial)
    for a in forces:
        env.step(a)
    return np.array(env.state)


F0 = np.sin(np.linspace(0.0, 3.0, 25)) * 0.3

CASES = [
    dict(name="euler_cost", function=rollout_cost, args=lambda: (F0.copy(),)),
    dict(name="semi_implicit_cost", function=lambda f: rollout_cost(f, "semi-implicit euler"), args=lambda: (F0.copy(),)),
    dict(name="final_state", function=final_state, args=lambda: (np.array([0.0, 0.1, 0.05, -0.1]), F0[:10].copy()),
         wrt=(0, 1), kind="jacobian"),
]
