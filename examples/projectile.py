"""Aim a projectile with air drag: gradient descent through a simulation loop.

    python examples/projectile.py          # full run
    python examples/projectile.py --fast   # coarser time step and fewer iterations, for the tests

A projectile leaves the origin with velocity ``v0 = (vx, vy)`` and feels gravity plus quadratic
drag, ``a = (0, -g) - k |v| v``. ``landing_distance`` integrates the motion with explicit Euler
steps in an ordinary Python ``for`` loop and, on the step where the projectile goes below the
ground, interpolates linearly to the landing point and returns early. ``transpiler.value_and_grad``
differentiates straight through that loop (the reverse sweep replays the steps backwards), and
gradient descent adjusts ``v0`` until the projectile lands at the target distance.
"""
import argparse

import numpy as np

import transpiler


def acceleration(vel, drag, gravity):
    speed = np.sqrt(np.sum(vel ** 2))
    return np.array([0.0, -gravity]) - drag * speed * vel


def landing_distance(v0, dt, drag, gravity, max_steps):
    """Horizontal distance at which a projectile launched from (0, 0) with velocity v0 lands."""
    pos = np.zeros(2)
    vel = v0
    for step in range(max_steps):
        new_pos = pos + dt * vel
        if new_pos[1] < 0.0:
            # it crossed the ground during this step: interpolate linearly to y = 0
            frac = pos[1] / (pos[1] - new_pos[1])
            return pos[0] + frac * (new_pos[0] - pos[0])
        vel = vel + dt * acceleration(vel, drag, gravity)
        pos = new_pos
    return pos[0]


def miss(v0, target, dt, drag, gravity, max_steps):
    """Squared relative miss distance."""
    x = landing_distance(v0, dt, drag, gravity, max_steps)
    return ((x - target) / target) ** 2


miss_and_grad = transpiler.value_and_grad(miss, wrt="v0")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fast", action="store_true", help="a short run for the tests")
    parser.add_argument("--target", type=float, default=60.0, help="target distance in metres")
    parser.add_argument("--drag", type=float, default=0.02, help="drag coefficient k (1/m)")
    parser.add_argument("--gravity", type=float, default=9.81)
    parser.add_argument("--dt", type=float, default=None, help="time step (default 0.005 s, 0.02 s with --fast)")
    parser.add_argument("--iterations", type=int, default=None, help="default 100 (60 with --fast)")
    parser.add_argument("--lr", type=float, default=300.0)
    args = parser.parse_args(argv)
    dt = args.dt or (0.02 if args.fast else 0.005)
    iterations = args.iterations or (60 if args.fast else 100)
    max_steps = int(60.0 / dt)          # a minute of flight is plenty

    v0 = np.array([10.0, 10.0])
    initial = float(landing_distance(v0, dt, args.drag, args.gravity, max_steps))
    print(f"initial v0 = ({v0[0]:.2f}, {v0[1]:.2f}) m/s lands at {initial:.2f} m; "
          f"target {args.target:.2f} m")
    for it in range(iterations):
        value, g = miss_and_grad(v0, args.target, dt, args.drag, args.gravity, max_steps)
        v0 = v0 - args.lr * g
        if it % max(1, iterations // 5) == 0:
            print(f"iteration {it:4d}  relative miss^2 {value:.3e}  v0 = ({v0[0]:.2f}, {v0[1]:.2f})")
    landing = float(landing_distance(v0, dt, args.drag, args.gravity, max_steps))
    error = abs(landing - args.target)
    print(f"v0 = ({v0[0]:.3f}, {v0[1]:.3f}) m/s lands at {landing:.4f} m: "
          f"error {error:.2e} m (started {abs(initial - args.target):.2f} m off)")
    return {"v0": v0, "initial_distance": initial, "landing_distance": landing,
            "target": args.target, "initial_error": abs(initial - args.target), "error": error}


if __name__ == "__main__":
    main()
