import sys

from relwork.cli import main

sys.exit(main())
