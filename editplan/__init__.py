"""editplan: negotiated action plans as data, amendments as patch files, tracked Word output.

The Python API is :mod:`editplan.api`; the command line is :mod:`editplan.cli`.
"""

__version__ = "0.1.0"
