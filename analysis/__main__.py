"""``python -m analysis``: the command line (``analysis.tools.cli``)."""

import sys

from analysis.tools.cli import main

if __name__ == "__main__":
    sys.exit(main())
