"""The quickstart notebook runs from top to bottom (so it cannot rot)."""

from __future__ import annotations

import sys

import pytest

from conftest import PYTHON_DIR

NOTEBOOK = PYTHON_DIR / "examples" / "quickstart.ipynb"


@pytest.mark.slow
def test_quickstart_notebook_runs() -> None:
    import nbformat
    import nbclient
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    assert not any(c.get("outputs") for c in notebook.cells if c.cell_type == "code"), (
        "commit the notebook without outputs"
    )
    # Last cell: which Python the kernel runs (must be this venv's, with this build).
    notebook.cells.append(nbformat.v4.new_code_cell("import sys; print(sys.executable)"))
    client = nbclient.NotebookClient(
        notebook,
        timeout=300,
        kernel_name="python3",
        resources={"metadata": {"path": str(NOTEBOOK.parent)}},
    )
    client.execute()
    outputs = [o for c in notebook.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    assert notebook.cells[-1].outputs[0]["text"].strip() == sys.executable
    html = [o["data"]["text/html"] for o in outputs if "text/html" in o.get("data", {})]
    assert any("optimal" in h for h in html), "the result's table is shown"
    assert any("sink_flow" in h for h in html), "the duals are shown"
