# Ported from statsmodels/statsmodels, statsmodels/discrete/discrete_model.py (BSD-3-Clause; https://github.com/statsmodels/statsmodels/blob/v0.8.0/statsmodels/discrete/discrete_model.py): `CountModel.predict`, `Poisson.loglike`/`score`, and `NegativeBinomial`'s `_initialize` (which binds `self.loglikeobs = self._ll_nb2`), `_ll_nbin`, `_ll_nb2`, `_ll_nb1`, `_ll_geometric`, `loglike` and `_score_nbin` (the author's score is the reference). The model base classes (data handling, `fit`) are replaced by a constructor that stores `endog`, `exog`, `offset` and `exposure` as `base.LikelihoodModel` does.
import numpy as np
from scipy import special
from scipy.special import gammaln


class CountModel(object):
    def __init__(self, endog, exog, offset=None, exposure=None, missing='none', **kwargs):
        # (base.LikelihoodModel.__init__ and CountModel.__init__, data handling left out)
        self.endog = endog
        self.exog = exog
        if offset is not None:
            self.offset = offset
        if exposure is not None:
            self.exposure = np.log(exposure)

    def predict(self, params, exog=None, exposure=None, offset=None,
                linear=False):
        """
        Predict response variable of a count model given exogenous variables.
        """
        # the following is copied from GLM predict (without family/link check)
        # Use fit offset if appropriate
        if offset is None and exog is None and hasattr(self, 'offset'):
            offset = self.offset
        elif offset is None:
            offset = 0.

        # Use fit exposure if appropriate
        if exposure is None and exog is None and hasattr(self, 'exposure'):
            # Already logged
            exposure = self.exposure
        elif exposure is None:
            exposure = 0.
        else:
            exposure = np.log(exposure)

        if exog is None:
            exog = self.exog

        fitted = np.dot(exog, params[:exog.shape[1]])
        linpred = fitted + exposure + offset
        if not linear:
            return np.exp(linpred) # not cdf
        else:
            return linpred


class Poisson(CountModel):
    def loglike(self, params):
        """
        Loglikelihood of Poisson model
        """
        offset = getattr(self, "offset", 0)
        exposure = getattr(self, "exposure", 0)
        XB = np.dot(self.exog, params) + offset + exposure
        endog = self.endog
        return np.sum(-np.exp(XB) +  endog*XB - gammaln(endog+1))

    def score(self, params):
        """
        Poisson model score (gradient) vector of the log-likelihood
        """
        offset = getattr(self, "offset", 0)
        exposure = getattr(self, "exposure", 0)
        X = self.exog
        L = np.exp(np.dot(X,params) + offset + exposure)
        return np.dot(self.endog - L, X)


class NegativeBinomial(CountModel):
    def __init__(self, endog, exog, loglike_method='nb2', offset=None,
                       exposure=None, missing='none', **kwargs):
        super(NegativeBinomial, self).__init__(endog, exog, offset=offset,
                                               exposure=exposure,
                                               missing=missing, **kwargs)
        self.loglike_method = loglike_method
        self._initialize()

    def _initialize(self):
        if self.loglike_method == 'nb2':
            self.score = self._score_nbin
            self.loglikeobs = self._ll_nb2
            self._transparams = True # transform lnalpha -> alpha in fit
        elif self.loglike_method == 'nb1':
            self.loglikeobs = self._ll_nb1
            self._transparams = True # transform lnalpha -> alpha in fit
        elif self.loglike_method == 'geometric':
            self.loglikeobs = self._ll_geometric
        else:
            raise NotImplementedError("Likelihood type must nb1, nb2 or "
                                      "geometric")

    def _ll_nbin(self, params, alpha, Q=0):
        endog = self.endog
        mu = self.predict(params)
        size = 1/alpha * mu**Q
        prob = size/(size+mu)
        coeff = (gammaln(size+endog) - gammaln(endog+1) -
                 gammaln(size))
        llf = coeff + size*np.log(prob) + endog*np.log(1-prob)
        return llf

    def _ll_nb2(self, params):
        if self._transparams: # got lnalpha during fit
            alpha = np.exp(params[-1])
        else:
            alpha = params[-1]
        return self._ll_nbin(params[:-1], alpha, Q=0)

    def _ll_nb1(self, params):
        if self._transparams: # got lnalpha during fit
            alpha = np.exp(params[-1])
        else:
            alpha = params[-1]
        return self._ll_nbin(params[:-1], alpha, Q=1)

    def _ll_geometric(self, params):
        # we give alpha of 1 because it's actually log(alpha) where alpha=0
        return self._ll_nbin(params, 1, 0)

    def loglike(self, params):
        r"""
        Loglikelihood for negative binomial model
        """
        llf = np.sum(self.loglikeobs(params))
        return llf

    def _score_nbin(self, params, Q=0):
        """
        Score vector for NB2 model
        """
        if self._transparams: # lnalpha came in during fit
            alpha = np.exp(params[-1])
        else:
            alpha = params[-1]
        params = params[:-1]
        exog = self.exog
        y = self.endog[:,None]
        mu = self.predict(params)[:,None]
        a1 = 1/alpha * mu**Q
        if Q: # nb1
            dparams = exog*mu/alpha*(np.log(1/(alpha + 1)) +
                       special.digamma(y + mu/alpha) -
                       special.digamma(mu/alpha))
            dalpha = ((alpha*(y - mu*np.log(1/(alpha + 1)) -
                              mu*(special.digamma(y + mu/alpha) -
                              special.digamma(mu/alpha) + 1)) -
                       mu*(np.log(1/(alpha + 1)) +
                           special.digamma(y + mu/alpha) -
                           special.digamma(mu/alpha)))/
                       (alpha**2*(alpha + 1))).sum()

        else: # nb2
            dparams = exog*a1 * (y-mu)/(mu+a1)
            da1 = -alpha**-2
            dalpha = (special.digamma(a1+y) - special.digamma(a1) + np.log(a1)
                        - np.log(a1+mu) - (a1+y)/(a1+mu) + 1).sum()*da1

        #multiply above by constant outside sum to reduce rounding error
        if self._transparams:
            return np.r_[dparams.sum(0), dalpha*alpha]
        else:
            return np.r_[dparams.sum(0), dalpha]


# ---- test data: counts from a log-linear model with overdispersion (the docs' data sets
# are downloaded; a fixed draw stands in), an intercept column and an exposure.
_rs = np.random.RandomState(12)
exog = np.column_stack([np.ones(30), _rs.randn(30), _rs.uniform(0, 1, 30)])
exposure = _rs.uniform(1, 3, 30)
endog = _rs.negative_binomial(2, 2 / (2 + np.exp(exog @ [0.5, 0.3, -0.4]) * exposure)).astype(float)
beta = np.array([0.4, 0.25, -0.3])
nb_params = np.array([0.4, 0.25, -0.3, np.log(0.6)])   # lnalpha last (transformed, as during fit)


def poisson_loglike(params, endog, exog):
    return Poisson(endog, exog).loglike(params)


def poisson_score(params, endog, exog):
    return Poisson(endog, exog).score(params)


def nb2_loglike(params, endog, exog, exposure):
    return NegativeBinomial(endog, exog, exposure=exposure).loglike(params)


def nb2_score(params, endog, exog, exposure):
    return NegativeBinomial(endog, exog, exposure=exposure).score(params)


def nb1_loglike(params, endog, exog):
    return NegativeBinomial(endog, exog, loglike_method='nb1').loglike(params)


def geometric_loglike(params, endog, exog):
    return NegativeBinomial(endog, exog, loglike_method='geometric').loglike(params)


def nb2_model_method(params, model):
    # test wrapper: the bound method handed to the optimiser, on a model made outside
    return model.loglike(params)


CASES = [
    dict(name="poisson", function=poisson_loglike, reference=poisson_score,
         args=lambda: (beta.copy(), endog, exog)),
    dict(name="nb2_exposure", function=nb2_loglike, reference=nb2_score,
         args=lambda: (nb_params.copy(), endog, exog, exposure)),
    dict(name="nb1", function=nb1_loglike, args=lambda: (nb_params.copy(), endog, exog)),
    dict(name="geometric", function=geometric_loglike, args=lambda: (beta.copy(), endog, exog)),
    dict(name="nb2_model_argument", function=nb2_model_method,
         args=lambda: (nb_params.copy(), NegativeBinomial(endog, exog, exposure=exposure))),
]
