"""The `brochure` program's garbage collection (commands/options.settle_imports): the imports
frozen and the young generation collected less often; a call from Python changes neither."""

from __future__ import annotations

import argparse
import gc

from brochure.commands.options import YOUNG_COLLECTION_THRESHOLD, settle_imports


def test_the_program_collects_the_young_generation_less_often_and_a_library_call_as_python_does():
    thresholds = gc.get_threshold()
    try:
        settle_imports(argparse.Namespace(program=False))
        assert gc.get_threshold() == thresholds and gc.get_freeze_count() == 0
        settle_imports(argparse.Namespace(program=True))
        assert gc.get_threshold() == (YOUNG_COLLECTION_THRESHOLD, *thresholds[1:])
        assert thresholds[0] < YOUNG_COLLECTION_THRESHOLD
        assert gc.get_freeze_count() > 1000  # the modules imported so far
    finally:
        gc.unfreeze()
        gc.set_threshold(*thresholds)
