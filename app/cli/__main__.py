"""`python -m app.cli COMMAND …` — the same commands as `csods COMMAND …`."""

import sys

from app.cli.main import main

sys.exit(main())
