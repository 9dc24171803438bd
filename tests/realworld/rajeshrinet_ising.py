# Ported from Rajesh Singh, "Monte Carlo simulation of the 2D Ising model" (rajeshrinet/compPhy, ising/ising.ipynb; https://rajeshrinet.github.io/blog/2014/ising-model/): `initialstate(N)`, the Metropolis sweep `mcmove(config, beta)` (random sites `np.random.randint(0, N)`, periodic neighbours by `%N`, `if cost < 0: s *= -1 elif rand() < np.exp(-cost*beta): s *= -1`, `config[a, b] = s`, the array updated in place and returned), `calcEnergy(config)` (double loop, `energy += -nb*S`, `energy/4.`) and `calcMag(config)`, verbatim, over the notebook's globals (`N`, `from numpy.random import rand`), and the body of its temperature loop (equilibration sweeps called for their effect on `config`, then the averages `E1 = E1 + Ene`, `M2 = M2 + Mag*Mag`, `n1, n2` normalisations). A 4 x 4 lattice and a few sweeps where the post has 16 x 16 and 1024. The derivatives are those of the averages w.r.t. a configuration whose spins are near +-1 (a continuous relaxation), the Metropolis draws fixed by the seed.
import numpy as np
from numpy.random import rand


## change these parameters for a smaller (faster) simulation 
nt      = 3          #  number of temperature points
N       = 4          #  size of the lattice, N x N
eqSteps = 2          #  number of MC sweeps for equilibration
mcSteps = 3          #  number of MC sweeps for calculation

T       = np.linspace(1.53, 3.28, nt); 
E,M,C,X = np.zeros(nt), np.zeros(nt), np.zeros(nt), np.zeros(nt)
n1, n2  = 1.0/(mcSteps*N*N), 1.0/(mcSteps*mcSteps*N*N) 
# divide by number of samples, and by system size to get intensive values


#----------------------------------------------------------------------
##  BLOCK OF FUNCTIONS USED IN THE MAIN CODE
#----------------------------------------------------------------------
def initialstate(N):   
    ''' generates a random spin configuration for initial condition'''
    state = 2*np.random.randint(2, size=(N,N))-1
    return state


def mcmove(config, beta):
    '''Monte Carlo move using Metropolis algorithm '''
    
    for i in range(N):
        for j in range(N):
                a = np.random.randint(0, N)
                b = np.random.randint(0, N)
                s =  config[a, b]
                nb = config[(a+1)%N,b] + config[a,(b+1)%N] + config[(a-1)%N,b] + config[a,(b-1)%N]
                cost = 2*s*nb
                if cost < 0:
                    s *= -1
                elif rand() < np.exp(-cost*beta):
                    s *= -1
                config[a, b] = s
    return config


def calcEnergy(config):
    '''Energy of a given configuration'''
    energy = 0
    for i in range(len(config)):
        for j in range(len(config)):
            S = config[i,j]
            nb = config[(i+1)%N, j] + config[i,(j+1)%N] + config[(i-1)%N, j] + config[i,(j-1)%N]
            energy += -nb*S
    return energy/4.


def calcMag(config):
    '''Magnetization of a given configuration'''
    mag = np.sum(config)
    return mag


def one_temperature(config, tt):
    # test wrapper: the body of the notebook's `for tt in range(nt):` loop for one temperature,
    # from a given configuration (the loop draws it with `initialstate(N)`); E[tt] and the
    # specific heat C[tt] it stores, combined into one number
    E1 = M1 = E2 = M2 = 0
    iT=1.0/T[tt]; iT2=iT*iT;
    
    for i in range(eqSteps):         # equilibrate
        mcmove(config, iT)           # Monte Carlo moves

    for i in range(mcSteps):
        mcmove(config, iT)           
        Ene = calcEnergy(config)     # calculate the energy
        Mag = calcMag(config)        # calculate the magnetisation

        E1 = E1 + Ene
        M1 = M1 + Mag
        M2 = M2 + Mag*Mag 
        E2 = E2 + Ene*Ene

    E_tt = n1*E1
    M_tt = n1*M1
    C_tt = (n1*E2 - n2*E1*E1)*iT2
    return E_tt + 0.5 * C_tt + 0.1 * M_tt


def energy_of(config):
    return calcEnergy(config)


def relaxed_state():
    # initialstate(N) with its draws fixed, each spin moved off +-1 by a few per cent
    np.random.seed(2)
    state = initialstate(N)
    return state * (1.0 + 0.05 * np.random.RandomState(3).rand(N, N))


CASES = [
    dict(name="calc_energy", function=energy_of, args=lambda: (relaxed_state(),)),
    dict(name="temperature_loop_body", function=one_temperature, args=lambda: (relaxed_state(), 1), seed=11),
]
