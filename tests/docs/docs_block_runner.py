"""Runs a docs page's Python blocks in order in one namespace, as a reader pasting them into one
session (a script, a notebook) would: the replay (docs_replay.py) starts it in the page's
temporary directory, sends the path of each block's file on a line of stdin and reads back one
JSON line per block: its exit status and what it printed (stdout, then stderr).

Each block is compiled from its own file, so the functions it defines have source the compiler
can read, and runs in the dict of a fresh ``__main__`` module (dataclasses and ``if __name__ ==
"__main__":`` behave as in a script)."""
import contextlib
import importlib
import io
import json
import os
import sys
import traceback
import types


def serve() -> None:
    channel = os.fdopen(os.dup(1), "w")
    os.dup2(2, 1)          # a stray write to file descriptor 1 must not garble the replies
    main = types.ModuleType("__main__")
    sys.modules["__main__"] = main
    sys.path.insert(0, os.getcwd())
    for line in sys.stdin:
        path = os.path.abspath(line.strip())
        importlib.invalidate_caches()      # the page may have written modules since the last block
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            status = run(path, main)
        channel.write(json.dumps({"status": status, "output": out.getvalue() + err.getvalue()}) + "\n")
        channel.flush()


def run(path: str, main: types.ModuleType) -> int:
    main.__file__ = path
    try:
        with open(path, encoding="utf-8") as source:
            code = compile(source.read(), path, "exec")
        exec(code, main.__dict__)
    except SystemExit as stop:
        if stop.code is None or isinstance(stop.code, int):
            return stop.code or 0
        print(stop.code, file=sys.stderr)
        return 1
    except BaseException as error:      # as the interpreter reports it, without this frame
        traceback.print_exception(type(error), error, error.__traceback__.tb_next)
        return 1
    return 0


if __name__ == "__main__":
    serve()
