"""Sub-commands of ``tsp-check`` beyond ``check`` and ``schema``, one module each (see ``cli.py``)."""
