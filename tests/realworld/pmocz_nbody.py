# Ported from pmocz/nbody-python, nbody.py ("Create Your Own N-body Simulation (With Python)", Philip Mocz 2020): getAcc, getEnergy and main()'s leapfrog loop (plotting left out).
import numpy as np

"""
Create Your Own N-body Simulation (With Python)
Philip Mocz (2020) Princeton Univeristy, @PMocz

Simulate orbits of stars interacting due to gravity
Code calculates pairwise forces according to Newton's Law of Gravity
"""

def getAcc( pos, mass, G, softening ):
	"""
    Calculate the acceleration on each particle due to Newton's Law
	pos  is an N x 3 matrix of positions
	mass is an N x 1 vector of masses
	G is Newton's Gravitational constant
	softening is the softening length
	a is N x 3 matrix of accelerations
	"""
	# positions r = [x,y,z] for all particles
	x = pos[:,0:1]
	y = pos[:,1:2]
	z = pos[:,2:3]

	# matrix that stores all pairwise particle separations: r_j - r_i
	dx = x.T - x
	dy = y.T - y
	dz = z.T - z

	# matrix that stores 1/r^3 for all particle pairwise particle separations
	inv_r3 = (dx**2 + dy**2 + dz**2 + softening**2)
	inv_r3[inv_r3>0] = inv_r3[inv_r3>0]**(-1.5)

	ax = G * (dx * inv_r3) @ mass
	ay = G * (dy * inv_r3) @ mass
	az = G * (dz * inv_r3) @ mass

	# pack together the acceleration components
	a = np.hstack((ax,ay,az))

	return a

def getEnergy( pos, vel, mass, G ):
	"""
	Get kinetic energy (KE) and potential energy (PE) of simulation
	pos is N x 3 matrix of positions
	vel is N x 3 matrix of velocities
	mass is an N x 1 vector of masses
	G is Newton's Gravitational constant
	KE is the kinetic energy of the system
	PE is the potential energy of the system
	"""
	# Kinetic Energy:
	KE = 0.5 * np.sum(np.sum( mass * vel**2 ))


	# Potential Energy:

	# positions r = [x,y,z] for all particles
	x = pos[:,0:1]
	y = pos[:,1:2]
	z = pos[:,2:3]

	# matrix that stores all pairwise particle separations: r_j - r_i
	dx = x.T - x
	dy = y.T - y
	dz = z.T - z

	# matrix that stores 1/r for all particle pairwise particle separations
	inv_r = np.sqrt(dx**2 + dy**2 + dz**2)
	inv_r[inv_r>0] = 1.0/inv_r[inv_r>0]

	# sum over upper triangle, to count each interaction only once
	PE = G * np.sum(np.sum(np.triu(-(mass*mass.T)*inv_r,1)))

	return KE, PE;


# Simulation parameters
N         = 4    # Number of particles
t         = 0      # current time of the simulation
tEnd      = 0.05   # time at which simulation ends
dt        = 0.01   # timestep
softening = 0.1    # softening length
G         = 1.0    # Newton's Gravitational Constant

# Generate Initial Conditions
np.random.seed(17)            # set the random number generator seed

mass = 20.0*np.ones((N,1))/N  # total mass of particles is 20
pos  = np.random.randn(N,3)   # randomly selected positions and velocities
vel  = np.random.randn(N,3)

# Convert to Center-of-Mass frame
vel -= np.mean(mass * vel,0) / np.mean(mass)


def total_energy(pos, vel, mass, G):
	# test wrapper: KE + PE
	KE, PE = getEnergy( pos, vel, mass, G )
	return KE + PE


def simulate(pos, vel):
	# main()'s loop: leapfrog, then the energy at the end
	acc = getAcc( pos, mass, G, softening )
	Nt = int(np.ceil(tEnd/dt))
	for i in range(Nt):
		# (1/2) kick
		vel += acc * dt/2.0

		# drift
		pos += vel * dt

		# update accelerations
		acc = getAcc( pos, mass, G, softening )

		# (1/2) kick
		vel += acc * dt/2.0

	KE, PE = getEnergy( pos, vel, mass, G )
	return KE + PE


CASES = [
    dict(name="total_energy", function=total_energy, args=lambda: (pos.copy(), vel.copy(), mass.copy(), G), wrt=(0, 1, 2)),
    dict(name="simulate", function=simulate, args=lambda: (pos.copy(), vel.copy()), wrt=(0, 1)),
]
