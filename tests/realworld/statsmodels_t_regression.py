# Ported from statsmodels/statsmodels, statsmodels/miscmodels/tmodel.py (`TLinearModel`: `initialize` with `fix_df`, `nloglikeobs` with the module's shortcuts `np_log`, `np_pi`, `sps_gamln`; BSD-3-Clause) and statsmodels/base/model.py (`GenericLikelihoodModel.__init__` storing keywords by `self.__dict__.update(kwds)`, `loglike`, `nloglike`, `loglikeobs`, `expandparams`; data handling and fitting left out), with the module example's data (examples/python/generic_mle / sandbox's MyT: `np.random.seed(98765678)`, `0.1*np.random.standard_t(df, size=nobs)`), smaller.
import numpy as np
from scipy import special, stats

np_log = np.log
np_pi = np.pi
sps_gamln = special.gammaln


class LikelihoodModel(object):
    def __init__(self, endog, exog=None, **kwargs):
        # (base.Model's data handling left out)
        self.endog = endog
        self.exog = exog
        self.initialize()

    def initialize(self):
        pass


class GenericLikelihoodModel(LikelihoodModel):
    def __init__(self, endog, exog=None, loglike=None, score=None,
                 hessian=None, missing='none', extra_params_names=None,
                 **kwds):
        # let them be none in case user wants to use inheritance
        if loglike is not None:
            self.loglike = loglike
        if score is not None:
            self.score = score
        if hessian is not None:
            self.hessian = hessian

        self.__dict__.update(kwds)

        # TODO: data structures?

        #TODO temporary solution, force approx normal
        #self.df_model = 9999
        #somewhere: CacheWriteWarning: 'df_model' cannot be overwritten
        super(GenericLikelihoodModel, self).__init__(endog, exog,
                                                     missing=missing)

    def initialize(self):
        """
        Initialize (possibly re-initialize) a Model instance. For
        instance, the design matrix of a linear model may change
        and some things must be recomputed.
        """
        #Initialize is called by
        #statsmodels.model.LikelihoodModel.__init__
        #and should contain any preprocessing that needs to be done for a model
        if self.exog is not None:
            # assume constant
            er = np.linalg.matrix_rank(self.exog)
            self.df_model = float(er - 1)
            self.df_resid = float(self.exog.shape[0] - er)
        else:
            self.df_model = np.nan
            self.df_resid = np.nan
        super(GenericLikelihoodModel, self).initialize()

    def expandparams(self, params):
        """
        expand to full parameter array when some parameters are fixed
        """
        paramsfull = self.fixed_params.copy()
        fixedmask = self.fixed_paramsmask
        paramsfull[fixedmask] = params
        return paramsfull

    def loglike(self, params):
        """
        Log-likelihood of model at params
        """
        return self.loglikeobs(params).sum(0)

    def nloglike(self, params):
        """
        Negative log-likelihood of model at params
        """
        return -self.loglikeobs(params).sum(0)

    def loglikeobs(self, params):
        """
        Log-likelihood of the model for all observations at params.
        """
        return -self.nloglikeobs(params)

    def score(self, params):
        """
        Gradient of log-likelihood evaluated at params
        """
        kwds = {}
        kwds.setdefault('centered', True)
        return approx_fprime(params, self.loglike, **kwds).ravel()


EPS = np.finfo(float).eps


def _get_epsilon(x, s, epsilon, n):
    if epsilon is None:
        h = EPS**(1. / s) * np.maximum(np.abs(x), 0.1)
    else:
        if np.isscalar(epsilon):
            h = np.empty(n)
            h.fill(epsilon)
        else:  # pragma : no cover
            h = np.asarray(epsilon)
            if h.shape != x.shape:
                raise ValueError("If h is not a scalar it must have the same"
                                 " shape as x.")
    return h


def approx_fprime(x, f, epsilon=None, args=(), kwargs={}, centered=False):
    # (statsmodels/tools/numdiff.py, the author's numerical score: the reference)
    n = len(x)
    f0 = f(*((x,)+args), **kwargs)
    dim = np.atleast_1d(f0).shape  # it could be a scalar
    grad = np.zeros((n,) + dim, np.promote_types(float, x.dtype))
    ei = np.zeros((n,), float)
    if not centered:
        epsilon = _get_epsilon(x, 2, epsilon, n)
        for k in range(n):
            ei[k] = epsilon[k]
            grad[k, :] = (f(*((x+ei,) + args), **kwargs) - f0)/epsilon[k]
            ei[k] = 0.0
    else:
        epsilon = _get_epsilon(x, 3, epsilon, n) / 2.
        for k in range(n):
            ei[k] = epsilon[k]
            grad[k, :] = (f(*((x+ei,)+args), **kwargs) -
                          f(*((x-ei,)+args), **kwargs))/(2 * epsilon[k])
            ei[k] = 0.0

    if n == 1:
        return grad.T
    else:
        return grad.squeeze().T


class TLinearModel(GenericLikelihoodModel):
    '''Maximum Likelihood Estimation of Linear Model with t-distributed errors

    This is an example for generic MLE.

    Except for defining the negative log-likelihood method, all
    methods and results are generic. Gradients and Hessian
    and all resulting statistics are based on numerical
    differentiation.

    '''

    def initialize(self):
        # TODO: here or in __init__
        self.k_vars = self.exog.shape[1]
        if not hasattr(self, 'fix_df'):
            self.fix_df = False

        if self.fix_df is False:
            # df will be estimated, no parameter restrictions
            self.fixed_params = None
            self.fixed_paramsmask = None
            self.k_params = self.exog.shape[1] + 2
            extra_params_names = ['df', 'scale']
        else:
            # df fixed
            self.k_params = self.exog.shape[1] + 1
            fixdf = np.nan * np.zeros(self.exog.shape[1] + 2)
            fixdf[-2] = self.fix_df
            self.fixed_params = fixdf
            self.fixed_paramsmask = np.isnan(fixdf)
            extra_params_names = ['scale']

        self.exog_names = ['const'] + ['x%d' % i for i in range(1, self.k_vars)]
        self.exog_names.extend(extra_params_names)

        super(TLinearModel, self).initialize()

    def nloglikeobs(self, params):
        """
        Loglikelihood of linear model with t distributed errors.

        Parameters
        ----------
        params : ndarray
            The parameters of the model. The last 2 parameters are degrees of
            freedom and scale.

        Returns
        -------
        loglike : ndarray
            The log likelihood of the model evaluated at `params` for each
            observation defined by self.endog and self.exog.

        Notes
        -----
        The t distribution is the standard t distribution and not a standardized
        t distribution, which means that the scale parameter is not equal to the
        standard deviation.

        self.fixed_params and self.expandparams can be used to fix some
        parameters. (I doubt this has been tested in this model.)
        """
        #print len(params),
        #store_params.append(params)
        if self.fixed_params is not None:
            #print 'using fixed'
            params = self.expandparams(params)

        beta = params[:-2]
        df = params[-2]
        scale = np.abs(params[-1])  #TODO check behavior around zero
        loc = np.dot(self.exog, beta)
        endog = self.endog
        x = (endog - loc)/scale
        #next part is stats.t._logpdf
        lPx = sps_gamln((df+1)/2) - sps_gamln(df/2.)
        lPx -= 0.5*np_log(df*np_pi) + (df+1)/2.*np_log(1+(x**2)/df)
        lPx -= np_log(scale)  # correction for scale
        return -lPx


#Example:
np.random.seed(98765678)
nobs = 60
nvars = 4
df = 5
rvs = np.random.randn(nobs, nvars-1)
data_exog = np.column_stack((np.ones(nobs), rvs))      # sm.add_constant(rvs)
xbeta = 0.9 + 0.1*rvs.sum(1)
data_endog = xbeta + 0.1*np.random.standard_t(df, size=nobs)

ols_params = np.linalg.lstsq(data_exog, data_endog, rcond=None)[0]    # sm.OLS(...).fit().params
modp = TLinearModel(data_endog, data_exog)
start_value = 0.1*np.ones(data_exog.shape[1]+2)
start_value[:nvars] = ols_params
start_value[-2] = 6.0
start_value[-1] = 0.12

modf = TLinearModel(data_endog, data_exog, fix_df=5)


def fixed_df_loglike(params):
    """Test wrapper: the model with df fixed at 5, made in the function (`fix_df=5` through `**kwds`)."""
    mod = TLinearModel(data_endog, data_exog, fix_df=df)
    return mod.loglike(params)


CASES = [
    dict(name="loglike_bound_method", function=modp.loglike, args=lambda: (start_value.copy(),),
         reference=modp.score),
    dict(name="nloglike", function=lambda params: modp.nloglike(params), args=lambda: (start_value.copy(),)),
    dict(name="fixed_df_global_model", function=lambda params: modf.loglike(params),
         args=lambda: (np.delete(start_value, -2),), reference=modf.score),
    dict(name="fixed_df_model_made_inside", function=fixed_df_loglike, args=lambda: (np.delete(start_value, -2),)),
    dict(name="loglikeobs_jacobian", function=modp.loglikeobs, args=lambda: (start_value.copy(),), kind="jacobian"),
]
