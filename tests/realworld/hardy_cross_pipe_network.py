# Written for this corpus (p11) in the style of water-distribution teaching scripts (Hardy Cross loop balancing, as hydraulics courses code it in Python): pipes in a dict of dicts (`pipes["AB"] = {"L": ..., "D": ..., "Q": ...}`) whose flows are updated in place in the loop sweeps, loops as lists of `(pipe, direction)` tuples, the Darcy friction factor from Colebrook-White by a `while True:` fixed point with `break` on a tolerance started from Swamee-Jain, `math.log10` mixed with `np.pi`, a head-loss helper with keyword defaults (`nu=1.0e-6, g=9.81`), a correction `dQ = -sum(h) / (2 * sum(h / Q))` per loop from generator expressions, and `*args` passed through to the friction factor. Differentiated: the balanced network's total head loss in the pipe diameters, a node's pressure head in the roughness, and one pipe's friction factor in its Reynolds number.
import math

import numpy as np


def swamee_jain(Re, rel_rough):
    return 0.25 / math.log10(rel_rough / 3.7 + 5.74 / Re ** 0.9) ** 2


def colebrook(Re, rel_rough, tol=1e-12):
    """Darcy friction factor from 1/sqrt(f) = -2 log10(e/3.7D + 2.51/(Re sqrt(f)))."""
    x = 1.0 / math.sqrt(swamee_jain(Re, rel_rough))
    while True:
        x_new = -2.0 * math.log10(rel_rough / 3.7 + 2.51 * x / Re)
        if abs(x_new - x) < tol:
            break
        x = x_new
    return 1.0 / x_new ** 2


def head_loss(Q, L, D, roughness, *args, nu=1.0e-6, g=9.81):
    """Darcy-Weisbach head loss (m), signed with the flow."""
    area = np.pi * D ** 2 / 4
    V = Q / area
    Re = abs(V) * D / nu
    f = colebrook(Re, roughness / D, *args)
    return f * L / D * V * abs(V) / (2 * g)


def build_network(diameters, roughness=0.00026):
    names = ["AB", "BC", "CD", "DA", "BD", "CE", "ED"]
    lengths = [300.0, 250.0, 300.0, 250.0, 390.0, 200.0, 200.0]
    # m^3/s: 0.1 enters at A; B, C, D and E draw 0.02, 0.03, 0.02, 0.03 (continuity holds at every node)
    guesses = [0.06, 0.02, -0.03, -0.04, 0.02, 0.02, -0.01]
    pipes = {}
    for name, L, D, Q in zip(names, lengths, diameters, guesses):
        pipes[name] = {"L": L, "D": D, "Q": Q, "e": roughness}
    return pipes


LOOPS = [
    [("AB", +1), ("BD", +1), ("DA", +1)],
    [("BC", +1), ("CD", +1), ("BD", -1)],
    [("CE", +1), ("ED", +1), ("CD", -1)],
]


def balance(pipes, loops=LOOPS, max_sweeps=60, tol=1e-11):
    for sweep in range(max_sweeps):
        largest = 0.0
        for loop in loops:
            losses = [head_loss(direction * pipes[name]["Q"], pipes[name]["L"], pipes[name]["D"], pipes[name]["e"])
                      for name, direction in loop]
            dQ = -sum(losses) / (2 * sum(h / (direction * pipes[name]["Q"])
                                         for h, (name, direction) in zip(losses, loop)))
            for name, direction in loop:
                pipes[name]["Q"] += direction * dQ
            largest = max(largest, abs(dQ))
        if largest < tol:
            break
    return pipes


def total_head_loss(diameters):
    pipes = balance(build_network(diameters))
    return sum(abs(head_loss(p["Q"], p["L"], p["D"], p["e"])) for p in pipes.values())


def pressure_head_at_C(roughness, reservoir_head=50.0):
    pipes = balance(build_network([0.3, 0.2, 0.15, 0.25, 0.2, 0.15, 0.15], roughness=roughness))
    hAB = head_loss(pipes["AB"]["Q"], pipes["AB"]["L"], pipes["AB"]["D"], pipes["AB"]["e"])
    hBC = head_loss(pipes["BC"]["Q"], pipes["BC"]["L"], pipes["BC"]["D"], pipes["BC"]["e"])
    return reservoir_head - hAB - hBC


def friction_factor(Re):
    return colebrook(Re, 0.001, 1e-13) * 100


DIAMETERS = np.array([0.3, 0.2, 0.15, 0.25, 0.2, 0.15, 0.15])

CASES = [
    dict(name="total_head_loss", function=total_head_loss, args=lambda: (DIAMETERS.copy(),)),
    dict(name="pressure_head_at_C", function=pressure_head_at_C, args=lambda: (0.00026,)),
    dict(name="friction_factor", function=friction_factor, args=lambda: (8.0e4,)),
]
