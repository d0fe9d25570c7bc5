"""The command line only: ``cli`` assembles the ``tsp-check`` group, ``entry`` is the program's entry point,
one module per command, ``_common`` what they share and ``_swedish`` click in Swedish. Commands parse, call
the library, render and exit; any layer may be imported here, and nothing else imports this package.
"""
