# Ported from mingxuan-yi/torch-SDEs, source/models.py (QuantPy's Heston pricer, "Heston Model Calibration in Python" tutorial code): `heston_charfunc(phi, S0, v0, kappa, theta, sigma, rho, lambd, tau, r)` and `heston_price_rec` (rectangular integration of the characteristic function over 10,000 midpoints), verbatim: the parameters packed as `args = (S0, v0, ...)` and spread with `heston_charfunc(phi-1j,*args)`, `P, umax, N = 0, 100, 10000` on one line, complex arithmetic throughout (`rho*sigma*phi*1j`, `np.sqrt` of a complex, `S0**(phi*1j)`, `K**(1j*phi)`, a complex power `(...)**(-2*a/sigma**2)`), `P += dphi * numerator/denominator` in the loop and `np.real(...)` of the result. The objectives: the call price's Greeks w.r.t. the model parameters (v0, kappa, theta, sigma, rho), the spot (delta) and the strike.
import numpy as np



def heston_price_rec(S0, K, v0, kappa, theta, sigma, rho, lambd, tau, r):
    args = (S0, v0, kappa, theta, sigma, rho, lambd, tau, r)
    
    P, umax, N = 0, 100, 10000
    dphi=umax/N #dphi is width
    for i in range(1,N):
        # rectangular integration
        phi = dphi * (2*i + 1)/2 # midpoint to calculate height
        numerator = np.exp(r*tau)*heston_charfunc(phi-1j,*args) - K * heston_charfunc(phi,*args)
        denominator = 1j*phi*K**(1j*phi)
        
        P += dphi * numerator/denominator
        
    return np.real((S0 - K*np.exp(-r*tau))/2 + P/np.pi)



def heston_charfunc(phi, S0, v0, kappa, theta, sigma, rho, lambd, tau, r):
    
    # constants
    a = kappa*theta
    b = kappa+lambd
    
    # common terms w.r.t phi
    rspi = rho*sigma*phi*1j
    
    # define d parameter given phi and b
    d = np.sqrt( (rho*sigma*phi*1j - b)**2 + (phi*1j+phi**2)*sigma**2 )
    
    # define g parameter given phi, b and d
    g = (b-rspi+d)/(b-rspi-d)
    
    # calculate characteristic function by components
    exp1 = np.exp(r*phi*1j*tau)
    term2 = S0**(phi*1j) * ( (1-g*np.exp(d*tau))/(1-g) )**(-2*a/sigma**2)
    exp2 = np.exp(a*tau*(b-rspi+d)/sigma**2 + v0*(b-rspi+d)*( (1-np.exp(d*tau))/(1-g*np.exp(d*tau)) )/sigma**2)
    return exp1*term2*exp2


# The tutorial's parameters: S0 = 100, K = 100, v0 = 0.1, kappa = 1.5768, theta = 0.0398,
# sigma = 0.3, rho = -0.5711, lambd = 0.575, tau = 1, r = 0.03.
def tutorial_args():
    return (100.0, 100.0, 0.1, 1.5768, 0.0398, 0.3, -0.5711, 0.575, 1.0, 0.03)


CASES = [
    dict(name="model_greeks", function=heston_price_rec, args=tutorial_args, wrt=(2, 3, 4, 5, 6)),
    dict(name="delta_and_strike", function=heston_price_rec, args=tutorial_args, wrt=(0, 1)),
]
