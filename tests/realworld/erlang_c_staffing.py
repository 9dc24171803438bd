# Written for this corpus (p2) in the style of call-centre staffing scripts (the Erlang B and Erlang C formulas as in the `pyworkforce` package and Wikipedia's pseudo-code): Erlang B by its recursion `B = A * B / (n + A * B)` in a `for` loop, Erlang C from B, service level with `math.exp`, average speed of answer, a cost mixing staff count with the expected wait; differentiated in the arrival rate and handle time.
import math


def erlang_b(traffic, servers):
    b = 1.0
    for n in range(1, servers + 1):
        b = traffic * b / (n + traffic * b)
    return b


def erlang_c(traffic, servers):
    b = erlang_b(traffic, servers)
    return servers * b / (servers - traffic * (1 - b))


def erlang_c_direct(traffic, servers):
    top = traffic ** servers / math.factorial(servers) * servers / (servers - traffic)
    bottom = sum(traffic ** k / math.factorial(k) for k in range(servers)) + top
    return top / bottom


def service_level(calls_per_hour, aht_seconds, agents, target_seconds=20):
    traffic = calls_per_hour * aht_seconds / 3600.0
    pw = erlang_c(traffic, agents)
    return 1 - pw * math.exp(-(agents - traffic) * target_seconds / aht_seconds)


def average_speed_of_answer(calls_per_hour, aht_seconds, agents):
    traffic = calls_per_hour * aht_seconds / 3600.0
    return erlang_c_direct(traffic, agents) * aht_seconds / (agents - traffic)


CASES = [
    dict(name="service_level", function=service_level, args=lambda: (100.0, 180.0, 7), wrt=(0, 1)),
    dict(name="asa", function=average_speed_of_answer, args=lambda: (100.0, 180.0, 7), wrt=(0, 1)),
]
