# Ported from Tasari/University_things, Numerical-Methods/Epidemy-Simulation/SIR_runge_ex4_illsum.py (a university numerical-methods exercise; no licence stated; https://github.com/Tasari/University_things/blob/master/Numerical-Methods/Epidemy-Simulation/SIR_runge_ex4_illsum.py): the SIR epidemic model `SIR(state,t)` reading the globals `beta`, `gamma`, `Npop` that the script's `for betat, gammat in zip(bety, gammy): global beta,gamma,Npop` loop sets, the classical `Runge_Kutta(y,t,dt,derivative)` step taking the right-hand side as a value, `t=arange(to,te,dt)`, `y=zeros([N,3])` filled row by row `y[i+1]=Runge_Kutta(y[i],t[i],dt,SIR)`, the comprehensions `St=[y[j,0] for j in range(N)]` and the total number of people ever ill `illsum += Rt[amount]-Rt[amount-1]`, verbatim (`from numpy import array,zeros,arange`, the author's spacing); the plotting left out. The script runs at import as written (its last pass leaves beta=5, gamma=1); the test wrappers are its per-pass body as a function of the initial numbers of ill and recovered people.
from numpy import array,zeros,arange

def SIR(state,t):
    S=state[0]
    I=state[1]
    R=state[2]
    ds=-beta*S*I/Npop
    di=beta*S*I/Npop-gamma*I
    dr=gamma*I
    return array([ds,di,dr])

def Runge_Kutta(y,t,dt,derivative):
    k1=dt*derivative(y,t)
    k2=dt*derivative(y+k1/2.,t+0.5*dt)
    k3=dt*derivative(y+k2/2.,t+0.5*dt)
    k4=dt*derivative(y+k3,t+dt)
    y_next=y+1/6*(k1+2*k2+2*k3+k4)
    return y_next

bety = [1, 2, 3, 5]
gammy = [1, 1, 1, 1]
for betat, gammat in zip(bety, gammy):
    global beta,gamma,Npop
    beta=betat #illness getting rate
    gamma=gammat #recorvery rate
    Npop=4*10**7 #population
    Io=10**4  #initial ill
    So=Npop-Io #initial susceptible
    Ro=0 #initial recorvered
    illsum = Io

    dt=0.1 #check ratio
    to=0 #start
    te=6 #end
    t=arange(to,te,dt) #points from start to end in given ratio

    #creating initial data
    N=len(t)
    y=zeros([N,3])
    y[0,0]=So
    y[0,1]=Io
    y[0,2]=Ro

    #creating rest of the data
    for i in range(N-1):
        y[i+1]=Runge_Kutta(y[i],t[i],dt,SIR)


    #making data usable in plt
    St=[y[j,0] for j in range(N)]
    It=[y[j,1] for j in range(N)]
    Rt=[y[j,2] for j in range(N)]

#sum of all ill people
    for amount in range(1, len(Rt)):
        illsum += Rt[amount]-Rt[amount-1]


# ---- test wrappers: one pass of the script's loop body (beta=5, gamma=1 as its last pass leaves
# them) as a function of the initial numbers ill and recovered

def ill_sum(Io, Ro):
    So=Npop-Io-Ro #initial susceptible
    illsum = Io
    dt=0.1 #check ratio
    to=0 #start
    te=6 #end
    t=arange(to,te,dt) #points from start to end in given ratio

    #creating initial data
    N=len(t)
    y=zeros([N,3])
    y[0,0]=So
    y[0,1]=Io
    y[0,2]=Ro

    #creating rest of the data
    for i in range(N-1):
        y[i+1]=Runge_Kutta(y[i],t[i],dt,SIR)

    #making data usable in plt
    Rt=[y[j,2] for j in range(N)]

    #sum of all ill people
    for amount in range(1, len(Rt)):
        illsum += Rt[amount]-Rt[amount-1]
    return illsum / Npop


def ill_curve(state0):
    # the ill column of the trajectory from a given initial state (its Jacobian)
    dt=0.1
    t=arange(0,3,dt)
    N=len(t)
    y=zeros([N,3])
    y[0]=state0
    for i in range(N-1):
        y[i+1]=Runge_Kutta(y[i],t[i],dt,SIR)
    It=[y[j,1] for j in range(N)]
    return array(It) / Npop


CASES = [
    dict(name="ill_sum", function=ill_sum, args=lambda: (1.0e4, 2.0e6), wrt=(0, 1)),
    dict(name="ill_curve", function=ill_curve, args=lambda: (array([3.9e7, 1.0e4, 0.0]),), kind="jacobian"),
]
