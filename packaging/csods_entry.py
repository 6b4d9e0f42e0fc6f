"""Entry script for the frozen bundle: the same `csods` command as from source."""

import sys

from ui.entry import main

if __name__ == "__main__":
    sys.exit(main())
