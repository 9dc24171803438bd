"""Runtime helpers of checkpointed loops (ad/checkpoints.py: ``grad(f, memory=BYTES)``)."""
from .runtime import helper


@helper()
def checkpoint_every(memory, iterations, per_iteration, per_checkpoint):
    """How many iterations apart a loop saves checkpoints of its carried values, so that the
    checkpoints (``per_checkpoint`` bytes each) and one segment's tape (``per_iteration`` bytes
    an iteration) fit in ``memory`` bytes: the longest segments that do (each iteration is
    computed once more whatever the spacing). Where none fits, the spacing that needs least
    memory (about the square root of the trip count). ``iterations`` None (a while loop, a loop
    left early: not known at its entry): segments whose tape takes half the budget."""
    if per_iteration <= 0:
        return max(iterations or 1, 1)
    if iterations is None:
        return max(1, memory // (2 * per_iteration))
    if iterations * per_iteration + per_checkpoint <= memory:
        return max(iterations, 1)
    spare = memory - per_checkpoint
    # k * per_iteration + (iterations / k + 1) * per_checkpoint <= memory, the largest such k
    discriminant = spare * spare - 4 * per_iteration * iterations * per_checkpoint
    if spare <= 0 or discriminant < 0:
        return max(1, min(iterations, round((iterations * per_checkpoint / per_iteration) ** 0.5)))
    return max(1, min(iterations, int((spare + discriminant ** 0.5) / (2 * per_iteration))))


@helper()
def tape_bytes(*values):
    """The bytes of values as a tape holds them (an array's data; a number's 8)."""
    return sum(getattr(value, "nbytes", 8) for value in values)
