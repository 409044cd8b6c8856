"""`python -m dashboard ...`: the command line."""

import sys

from dashboard.cli import main

sys.exit(main())
