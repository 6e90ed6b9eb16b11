"""The preflight command loads only what it needs: not the layout engine or reportlab's
platypus (a designer runs it often on big files)."""

import subprocess
import sys


def test_preflight_does_not_import_the_layout_engine(tmp_path):
    code = ("import sys\nfrom brochure import cli\n"
            "try:\n    cli.main(['preflight', sys.argv[1]])\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in sys.modules if m.startswith(('brochure.layout', 'brochure.render', "
            "'reportlab.platypus', 'brochure.typeset'))))")
    junk = tmp_path / "x.pdf"
    junk.write_text("not a pdf")
    output = subprocess.run([sys.executable, "-c", code, str(junk)], capture_output=True, text=True).stdout
    assert output.strip().splitlines()[-1] == "[]"
