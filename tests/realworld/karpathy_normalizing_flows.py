# Ported from karpathy/pytorch-normalizing-flows, nflib/flows.py and nflib/nets.py (Andrej Karpathy; MIT licence; https://github.com/karpathy/pytorch-normalizing-flows/blob/master/nflib/flows.py): `AffineConstantFlow`, RealNVP's `AffineHalfFlow` (`x[:,::2], x[:,1::2]` halves swapped by `parity`, strided writes `z[:,::2] = z0`, conditioner MLPs made with `net_class(...)`, a `lambda` default conditioner), `NormalizingFlow` (a list of flows, `log_det += ld`, `zs.append(x)`), `NormalizingFlowModel` and the `MLP` conditioner (`nn.Sequential` of Linear/LeakyReLU(0.2)); the training notebook's loss `-sum(prior_logprob + log_det)`. torch as numpy: nn.Module classes as plain classes holding arrays, `nn.Linear` as a small class, the prior `MultivariateNormal(zeros(2), eye(2))` as a standard-normal `log_prob`; the weights drawn once with a fixed seed (`torch.randn` as `np.random.RandomState`).
import numpy as np

_weights = np.random.RandomState(1)


class Linear:
    def __init__(self, nin, nout):
        bound = 1 / np.sqrt(nin)
        self.weight = _weights.uniform(-bound, bound, (nout, nin))
        self.bias = _weights.uniform(-bound, bound, nout)

    def __call__(self, x):
        return x @ self.weight.T + self.bias


class LeakyReLU:
    def __init__(self, negative_slope):
        self.negative_slope = negative_slope

    def __call__(self, x):
        return np.where(x > 0, x, self.negative_slope * x)


class MLP:
    """ a simple 4-layer MLP """

    def __init__(self, nin, nout, nh):
        self.net = [
            Linear(nin, nh),
            LeakyReLU(0.2),
            Linear(nh, nh),
            LeakyReLU(0.2),
            Linear(nh, nh),
            LeakyReLU(0.2),
            Linear(nh, nout),
        ]

    def __call__(self, x):
        for layer in self.net:
            x = layer(x)
        return x


class AffineConstantFlow:
    """
    Scales + Shifts the flow by (learned) constants per dimension.
    In NICE paper there is a Scaling layer which is a special case of this where t is None
    """
    def __init__(self, dim, scale=True, shift=True):
        self.s = _weights.randn(1, dim) if scale else None
        self.t = _weights.randn(1, dim) if shift else None

    def forward(self, x):
        s = self.s if self.s is not None else np.zeros(x.shape)
        t = self.t if self.t is not None else np.zeros(x.shape)
        z = x * np.exp(s) + t
        log_det = np.sum(s, axis=1)
        return z, log_det


class AffineHalfFlow:
    """
    As seen in RealNVP, affine autoregressive flow (z = x * exp(s) + t), where half of the
    dimensions in x are linearly scaled/transfromed as a function of the other half.
    Which half is which is determined by the parity bit.
    - RealNVP both scales and shifts (default)
    - NICE only shifts
    """
    def __init__(self, dim, parity, net_class=MLP, nh=24, scale=True, shift=True):
        self.dim = dim
        self.parity = parity
        self.s_cond = lambda x: np.zeros((x.shape[0], self.dim // 2))
        self.t_cond = lambda x: np.zeros((x.shape[0], self.dim // 2))
        if scale:
            self.s_cond = net_class(self.dim // 2, self.dim // 2, nh)
        if shift:
            self.t_cond = net_class(self.dim // 2, self.dim // 2, nh)

    def forward(self, x):
        x0, x1 = x[:,::2], x[:,1::2]
        if self.parity:
            x0, x1 = x1, x0
        s = self.s_cond(x0)
        t = self.t_cond(x0)
        z0 = x0 # untouched half
        z1 = np.exp(s) * x1 + t # transform this half as a function of the other
        if self.parity:
            z0, z1 = z1, z0
        z = np.zeros((x.shape[0], self.dim))
        z[:,::2] = z0
        z[:,1::2] = z1
        log_det = np.sum(s, axis=1)
        return z, log_det


class NormalizingFlow:
    """ A sequence of Normalizing Flows is a Normalizing Flow """

    def __init__(self, flows):
        self.flows = flows

    def forward(self, x):
        m, _ = x.shape
        log_det = np.zeros(m)
        zs = [x]
        for flow in self.flows:
            x, ld = flow.forward(x)
            log_det += ld
            zs.append(x)
        return zs, log_det


class StandardNormal:
    """ MultivariateNormal(torch.zeros(2), torch.eye(2)) """
    def log_prob(self, z):
        return -0.5 * np.sum(z ** 2, axis=-1) - 0.5 * z.shape[-1] * np.log(2 * np.pi)


class NormalizingFlowModel:
    """ A Normalizing Flow Model is a (prior, flow) pair """

    def __init__(self, prior, flows):
        self.prior = prior
        self.flow = NormalizingFlow(flows)

    def forward(self, x):
        zs, log_det = self.flow.forward(x)
        prior_logprob = self.prior.log_prob(zs[-1]).reshape(x.shape[0], -1).sum(1)
        return zs, prior_logprob, log_det


# RealNVP, as the notebook builds it
flows = [AffineHalfFlow(dim=2, parity=i%2) for i in range(4)]
model = NormalizingFlowModel(StandardNormal(), flows)


# ---- test wrappers: the training loss (its gradient w.r.t. the data is the model's score)

def realnvp_loss(x):
    zs, prior_logprob, log_det = model.forward(x)
    logprob = prior_logprob + log_det
    loss = -np.sum(logprob) # NLL
    return loss


def affine_constant_loss(s, t, x):
    flow = AffineConstantFlow(2)
    flow.s = s
    flow.t = t
    nice = NormalizingFlowModel(StandardNormal(), [flow, AffineHalfFlow(dim=2, parity=1, scale=False)])
    zs, prior_logprob, log_det = nice.forward(x)
    return -np.sum(prior_logprob + log_det)


def moons():
    rng = np.random.RandomState(3)
    return (rng.randn(6, 2),)


def affine_args():
    rng = np.random.RandomState(8)
    return rng.randn(1, 2) * 0.3, rng.randn(1, 2) * 0.3, rng.randn(6, 2)


CASES = [
    dict(name="realnvp_loss", function=realnvp_loss, args=moons),
    # (each call builds an MLP conditioner, drawing its weights from `_weights`: one sample per evaluation)
    dict(name="affine_constant_loss", function=affine_constant_loss, args=affine_args, wrt=(0, 1, 2),
         streams=((_weights, 1),)),
]
