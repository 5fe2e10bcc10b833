"""tools/mutants.py stays in step with the code: every mutation applies to the tree as it is.

When code moves or changes, a mutant whose text is gone would test nothing;
this fails first and names it.  (Running the mutants takes minutes: ``make mutants``.)
"""

from __future__ import annotations

import importlib.util
import sys

import pytest
from conftest import ROOT


def _mutants():
    if "mutants" in sys.modules:
        return sys.modules["mutants"]
    spec = importlib.util.spec_from_file_location("mutants", ROOT / "tools" / "mutants.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["mutants"] = module
    spec.loader.exec_module(module)
    return module


MUTANTS = _mutants().MUTANTS


@pytest.mark.parametrize("mutant", MUTANTS, ids=[m.name for m in MUTANTS])
def test_each_mutation_applies_exactly_once(mutant, tmp_path):
    source = ROOT / mutant.file
    assert source.is_file(), f"{mutant.file} is gone: update tools/mutants.py"
    assert source.read_text(encoding="utf-8").count(mutant.old) == 1
    copy = tmp_path / mutant.file
    copy.parent.mkdir(parents=True)
    copy.write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    _mutants().apply(tmp_path, mutant)
    changed = copy.read_text(encoding="utf-8")
    assert changed != source.read_text(encoding="utf-8") and mutant.new in changed


def test_names_are_unique():
    names = [m.name for m in MUTANTS]
    assert len(names) == len(set(names))


def test_a_mutation_whose_text_is_gone_stops_the_run(tmp_path):
    m = _mutants()
    stale = m.Mutant("stale", "pipeline/clean.py", "text that is not there", "x", "test")
    (tmp_path / "pipeline").mkdir()
    (tmp_path / "pipeline" / "clean.py").write_text((ROOT / "pipeline" / "clean.py").read_text())
    with pytest.raises(m.MutationError, match="found 0 times"):
        m.apply(tmp_path, stale)
    with pytest.raises(m.MutationError, match="does not exist"):
        m.apply(tmp_path, m.Mutant("gone", "pipeline/moved.py", "x", "y", "test"))
