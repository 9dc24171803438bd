"""f-strings as the ``str.format`` calls they equal: ``f"loss {v:.3f}"`` is
``str.format("loss {:.3f}", v)``, an ordinary value of the function (a string, no derivative)."""
from __future__ import annotations

import ast


def format_template(text: ast.JoinedStr) -> tuple[str, list[ast.expr]]:
    """``f"a{x!r:>{w}}b"`` as ``str.format("a{!r:>{}}b", x, w)``: the template and the values, in
    the order the f-string evaluates them (str.format takes the same conversions and format
    specs, nested fields included), so the string is an ordinary value of the function."""
    values: list[ast.expr] = []

    def template(parts: list[ast.expr]) -> str:
        pieces = []
        for part in parts:
            if isinstance(part, ast.Constant):
                pieces.append(str(part.value).replace("{", "{{").replace("}", "}}"))
                continue
            values.append(part.value)
            conversion = "" if part.conversion == -1 else "!" + chr(part.conversion)
            spec = "" if part.format_spec is None else ":" + template(part.format_spec.values)
            pieces.append("{" + conversion + spec + "}")
        return "".join(pieces)

    return template(text.values), values
