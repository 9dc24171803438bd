"""examples/digits_mlp.ipynb runs from top to bottom in a fresh kernel (nbclient), and shows what
it claims: the gradient object and ``transpiler.show`` as highlighted HTML, the finite-difference
check, the training result (its own asserts pin the loss and the accuracy) and the loss plot."""
import os
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK = ROOT / "examples" / "digits_mlp.ipynb"


@pytest.fixture(scope="module")
def executed():
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    path = os.environ.get("PYTHONPATH")            # the kernel imports this checkout's transpiler
    os.environ["PYTHONPATH"] = os.pathsep.join([str(ROOT)] + ([path] if path else []))
    try:
        nbclient.NotebookClient(notebook, timeout=120, kernel_name="python3",
                                resources={"metadata": {"path": str(NOTEBOOK.parent)}}).execute()
    finally:
        if path is None:
            del os.environ["PYTHONPATH"]
        else:
            os.environ["PYTHONPATH"] = path
    return [cell for cell in notebook.cells if cell.cell_type == "code"]


def outputs(cell, kind):
    return [o for o in cell.outputs if o.output_type == kind]


def text_of(cells):
    return "".join(o.text for cell in cells for o in outputs(cell, "stream"))


def test_the_notebook_is_committed_without_outputs():
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    assert all(not cell.outputs and cell.execution_count is None
               for cell in notebook.cells if cell.cell_type == "code")


def test_the_notebook_trains_the_classifier_and_reports_it(executed):
    text = text_of(executed)
    assert "training and 450 test images of 64 pixels" in text
    assert text.count("directional derivative") == 3
    assert "25 epochs in" in text and "test accuracy" in text


def test_the_gradient_and_show_display_as_highlighted_html(executed):
    results = [o for cell in executed for o in outputs(cell, "execute_result")]
    gradient, shown = results[0].data["text/html"], results[1].data["text/html"]
    assert "value and gradient of loss with respect to params" in gradient and "<span" in gradient
    assert "SSA of loss" in shown and "reverse-mode gradient of loss for these arguments" in shown
    assert "<svg" in shown


def test_the_loss_is_plotted_or_tabulated(executed):
    last = executed[-1]
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        assert "epoch   1  loss" in text_of([last])
    else:
        (plot,) = outputs(last, "display_data")
        assert "image/png" in plot.data
