# Written for this corpus (p5) in the style of the `ahrs` package's Madgwick filter (Mayitzin/ahrs, ahrs/filters/madgwick.py): a `Madgwick` class configured by `**kwargs` (`kwargs.get('gain', 0.033)`, `frequency` or `Dt`), `_compute_all` filling `Q[t] = self.updateIMU(Q[t-1], self.gyr[t], self.acc[t])` row by row, a `q_prod` helper called with the list `[0, *gyr]`, the accelerometer's objective `f` and Jacobian `J` as array displays, `qw, qx, qy, qz = q/np.linalg.norm(q)`, and the in-place steps `gradient /= np.linalg.norm(gradient)`, `qEst -= self.gain*gradient`, `q += qEst*self.Dt`, `q /= np.linalg.norm(q)` on the row `Q[t-1]` the loop passed (so, as in the package, each step also overwrites the previous row). Differentiated in the filter gain and a gyroscope bias (the orientation error against the true attitude) and in the gyroscope readings.
import numpy as np


def q_prod(p, q):
    """Hamilton product of two quaternions given as [w, x, y, z] sequences."""
    pq = np.zeros(4)
    pq[0] = p[0]*q[0] - p[1]*q[1] - p[2]*q[2] - p[3]*q[3]
    pq[1] = p[0]*q[1] + p[1]*q[0] + p[2]*q[3] - p[3]*q[2]
    pq[2] = p[0]*q[2] - p[1]*q[3] + p[2]*q[0] + p[3]*q[1]
    pq[3] = p[0]*q[3] + p[1]*q[2] - p[2]*q[1] + p[3]*q[0]
    return pq


def q_conj(q):
    return np.array([q[0], -q[1], -q[2], -q[3]])


class Madgwick:
    def __init__(self, gyr=None, acc=None, **kwargs):
        self.gyr = gyr
        self.acc = acc
        self.frequency = kwargs.get('frequency', 100.0)
        self.Dt = kwargs.get('Dt', 1.0/self.frequency)
        self.q0 = kwargs.get('q0')
        self.gain = kwargs.get('gain', 0.033)
        if self.acc is not None and self.gyr is not None:
            self.Q = self._compute_all()

    def _compute_all(self):
        if self.acc.shape != self.gyr.shape:
            raise ValueError("acc and gyr are not the same size")
        num_samples = len(self.acc)
        Q = np.zeros((num_samples, 4))
        Q[0] = np.array([1.0, 0.0, 0.0, 0.0]) if self.q0 is None else self.q0/np.linalg.norm(self.q0)
        for t in range(1, num_samples):
            Q[t] = self.updateIMU(Q[t-1], self.gyr[t], self.acc[t])
        return Q

    def updateIMU(self, q, gyr, acc):
        if gyr is None or not np.linalg.norm(gyr) > 0:
            return q
        qEst = 0.5 * q_prod(q, [0, *gyr])
        a_norm = np.linalg.norm(acc)
        if a_norm > 0:
            a = acc/a_norm
            qw, qx, qy, qz = q/np.linalg.norm(q)
            # objective function of the accelerometer and its Jacobian
            f = np.array([2.0*(qx*qz - qw*qy) - a[0],
                          2.0*(qw*qx + qy*qz) - a[1],
                          2.0*(0.5-qx**2-qy**2) - a[2]])
            J = np.array([[-2.0*qy, 2.0*qz, -2.0*qw, 2.0*qx],
                          [2.0*qx, 2.0*qw, 2.0*qz, 2.0*qy],
                          [0.0, -4.0*qx, -4.0*qy, 0.0]])
            gradient = J.T@f
            gradient /= np.linalg.norm(gradient)
            qEst -= self.gain*gradient
        q += qEst*self.Dt
        q /= np.linalg.norm(q)
        return q


# ---------------------------------------------------------------- a synthetic IMU recording

def true_attitude(n=120, dt=0.01):
    """A body rolling and yawing at known rates: true quaternions, gyroscope and accelerometer."""
    t = np.arange(n) * dt
    rates = np.stack([0.8 * np.cos(2.0 * t), 0.3 * np.ones(n), 0.5 * np.sin(1.5 * t)], axis=1)
    Q = np.zeros((n, 4))
    Q[0] = [np.cos(0.15), np.sin(0.15), 0.0, 0.0]
    for k in range(1, n):
        w = rates[k]
        angle = np.linalg.norm(w) * dt
        axis = w / np.linalg.norm(w)
        dq = np.concatenate([[np.cos(angle / 2)], np.sin(angle / 2) * axis])
        Q[k] = q_prod(Q[k - 1], dq)
    # gravity in the body frame: the conjugate rotation of [0, 0, 1]
    acc = np.array([q_prod(q_conj(q), q_prod([0.0, 0.0, 0.0, 9.81], q))[1:] for q in Q])
    return Q, rates, acc


Q_TRUE, GYR, ACC = true_attitude()
NOISE = np.random.RandomState(11)
GYR_MEASURED = GYR + 0.02 * NOISE.randn(*GYR.shape) + np.array([0.03, -0.02, 0.01])
ACC_MEASURED = ACC + 0.05 * NOISE.randn(*ACC.shape)


def attitude_error(Q):
    """1 - <q, q_true>^2 per sample (zero when the two rotations agree), averaged."""
    dots = np.sum(Q * Q_TRUE, axis=1)
    return np.mean(1.0 - dots ** 2)


def tuning_loss(gain, bias):
    """Test wrapper: the attitude error with the gyroscope de-biased by `bias`, as a function of
    the filter gain and the bias estimate."""
    madgwick = Madgwick(gyr=GYR_MEASURED - bias, acc=ACC_MEASURED, frequency=100.0, gain=gain,
                        q0=Q_TRUE[0])
    return attitude_error(madgwick.Q)


def final_quaternion(gyr):
    """Test wrapper: the last estimate, as a function of the gyroscope recording."""
    madgwick = Madgwick(gyr=gyr, acc=ACC_MEASURED[:len(gyr)], Dt=0.01, q0=Q_TRUE[0])
    return madgwick.Q[-1]


CASES = [
    dict(name="gain_and_bias", function=tuning_loss, args=lambda: (0.05, np.array([0.01, 0.0, 0.0])), wrt=(0, 1)),
    dict(name="final_quaternion", function=final_quaternion, args=lambda: (GYR_MEASURED[:40].copy(),),
         kind="jacobian"),
]
