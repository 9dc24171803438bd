# Written for this corpus (i5) in the style of a reliability-engineering script: a Weibull likelihood with right-censoring flags and np.where guards.
import numpy as np

times = np.array([2.0, 3.5, 0.0, 5.1, 7.3, 1.2, 4.4, 6.0])
observed = np.array([1, 1, 0, 0, 1, 1, 0, 1], dtype=bool)


def weibull_loglik(params, t=times, d=observed):
    log_k, log_lam = params
    k, lam = np.exp(log_k), np.exp(log_lam)
    z = t / lam
    # log density only where the failure was observed; t == 0 rows are censored at zero
    log_pdf = np.where(d, np.log(k / lam) + (k - 1) * np.log(np.where(z > 0, z, 1.0)) - z ** k, 0.0)
    log_surv = np.where(d, 0.0, -z ** k)
    return -(log_pdf.sum() + log_surv.sum())


def hazard_ratio(params, covariate):
    # proportional hazards on top: only rows with covariate above the median
    high = covariate > np.median(covariate)
    beta = params[2]
    scaled = times * np.exp(-beta * covariate)
    return weibull_loglik(params[:2], t=scaled[high], d=observed[high])


def unguarded(params):
    # log of t where t may be 0, masked afterwards with np.where (a classic NaN trap)
    k = np.exp(params[0])
    lp = np.where(times > 0, (k - 1) * np.log(times), 0.0)
    return -np.sum(lp) + k * np.sum(times)


cov = np.array([0.1, 0.5, -0.3, 1.2, 0.8, -0.5, 0.0, 0.9])

CASES = [
    dict(name="loglik", function=weibull_loglik, args=lambda: (np.array([0.3, 1.2]),)),
    dict(name="hazard_ratio", function=hazard_ratio, args=lambda: (np.array([0.3, 1.2, 0.4]), cov)),
    dict(name="unguarded", function=unguarded, args=lambda: (np.array([0.3]),)),
]
