"""``python -m studyapp``: the same as the ``studyapp`` command."""

import sys

from studyapp.cli import main

sys.exit(main())
