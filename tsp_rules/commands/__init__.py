"""The commands of ``tsp-check``, one module each; ``_common`` holds what they share (see ``cli.py``)."""
