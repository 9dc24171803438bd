# Written for this corpus (p2) in the style of control tutorials' PID simulations (the `simple-pid` package's `PID.__call__` with its integral, derivative on measurement and output limits, driving a first-order-plus-dead-time plant as in Brian Douglas' examples): a class with `__call__` keeping `_integral` and `_last_input`, `clamp` with `None` limits, a plant as a closure, the integrated absolute error tuned by differentiating the gains.
import numpy as np


def _clamp(value, limits):
    lower, upper = limits
    if value is None:
        return None
    elif (upper is not None) and (value > upper):
        return upper
    elif (lower is not None) and (value < lower):
        return lower
    return value


class PID(object):
    def __init__(self, Kp=1.0, Ki=0.0, Kd=0.0, setpoint=0, sample_time=0.01, output_limits=(None, None)):
        self.Kp, self.Ki, self.Kd = Kp, Ki, Kd
        self.setpoint = setpoint
        self.sample_time = sample_time
        self.output_limits = output_limits
        self._proportional = 0
        self._integral = 0
        self._derivative = 0
        self._last_input = None

    def __call__(self, input_, dt):
        error = self.setpoint - input_
        d_input = input_ - (self._last_input if (self._last_input is not None) else input_)
        self._proportional = self.Kp * error
        self._integral += self.Ki * error * dt
        self._integral = _clamp(self._integral, self.output_limits)  # Avoid integral windup
        self._derivative = -self.Kd * d_input / dt
        output = self._proportional + self._integral + self._derivative
        output = _clamp(output, self.output_limits)
        self._last_input = input_
        return output


def make_plant(gain=2.0, time_constant=0.5):
    def plant(y, u, dt):
        return y + dt * (gain * u - y) / time_constant
    return plant


def tracking_cost(gains, limits=(None, None), steps=60, dt=0.05):
    Kp, Ki, Kd = gains
    pid = PID(Kp, Ki, Kd, setpoint=1.0, output_limits=limits)
    plant = make_plant()
    y, cost = 0.0, 0.0
    for _ in range(steps):
        u = pid(y, dt)
        y = plant(y, u, dt)
        cost += dt * (1.0 - y) ** 2 + 1e-3 * u ** 2
    return cost


G0 = np.array([0.8, 0.6, 0.02])

CASES = [
    dict(name="unlimited", function=tracking_cost, args=lambda: (G0.copy(),)),
    dict(name="saturated", function=lambda g: tracking_cost(g, limits=(-0.2, 0.6)), args=lambda: (G0.copy(),)),
]
