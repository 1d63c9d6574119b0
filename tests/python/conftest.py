"""Fixtures of the Python binding's tests: models compiled once per session with the bertc of
this build (BERTC, set by CTest), from the repository's checkpoints (BERTC_SOURCE_DIR)."""
import os
import subprocess

import pytest

SOURCE = os.environ.get("BERTC_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))
BERTC = os.environ.get("BERTC", os.path.join(SOURCE, "build", "compiler", "bertc"))


def compile_checkpoint(tmp_path_factory, checkpoint, name):
    out = tmp_path_factory.mktemp(name)
    subprocess.run([BERTC, "import", checkpoint, "-o", str(out / "m.yaml"), "--name", name], check=True,
                   stdout=subprocess.DEVNULL)
    subprocess.run([BERTC, "compile", str(out / "m.yaml"), "-o", str(out), "--emit=shared"], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return str(out)


@pytest.fixture(scope="session")
def demo_checkpoint():
    return os.path.join(SOURCE, "examples", "sst2-bert-tiny")


@pytest.fixture(scope="session")
def demo_model(tmp_path_factory, demo_checkpoint):
    """The demo checkpoint as it is: a 2-label classifier, labels negative/positive."""
    return compile_checkpoint(tmp_path_factory, demo_checkpoint, "sst2_py")


@pytest.fixture(scope="session")
def dev_sentences():
    lines = open(os.path.join(SOURCE, "data", "sst2", "dev.tsv"), encoding="utf-8").read().splitlines()[1:]
    return [line.split("\t")[0] for line in lines]
