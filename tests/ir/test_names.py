"""Fresh names (transpiler/ir/names.py): deterministic, never colliding, the same again after a
restore, and found without searching every suffix from 1."""
from transpiler.ir.names import NameAllocator


def test_fresh_names_of_one_base_count_up_skipping_the_users_names():
    names = NameAllocator({"t_2", "t"})
    assert [names.fresh("t") for _ in range(4)] == ["t_1", "t_3", "t_4", "t_5"]
    assert names.fresh("t", own=True) == "t"        # the user's variable keeps its name the first time
    assert names.fresh("t", own=True) == "t_6"      # and then counts on


def test_a_restore_hands_out_the_same_names_again():
    names = NameAllocator(set())
    names.fresh("t")
    saved = names.fork()
    first = [names.fresh("t") for _ in range(3)]
    names.restore(saved)
    assert [names.fresh("t") for _ in range(3)] == first == ["t_1", "t_2", "t_3"]


def test_thousands_of_names_of_one_base_are_all_distinct():
    names = NameAllocator({"d_x_7"})
    made = [names.fresh("d_x") for _ in range(5000)]
    assert len(set(made)) == 5000 and "d_x_7" not in made and made[:2] == ["d_x", "d_x_1"]
