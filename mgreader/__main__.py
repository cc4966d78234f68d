"""``python -m mgreader``: the same as the ``mgreader`` command."""

from mgreader import console_main

# Guarded: the render worker (core/render/budget.py) is a spawned process, which imports this module again.
if __name__ == "__main__":
    console_main()
