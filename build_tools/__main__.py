"""Run the command-line interface as `python -m build_tools`."""
import sys

from build_tools.cli import main

if __name__ == "__main__":  # not when a worker process imports it as its parent's main
    sys.exit(main())
